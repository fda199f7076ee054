import { describe, expect, it } from 'vitest'
import { clientAddress, type ProxyTrust } from './client-address.ts'

const xff = (proxies: number): ProxyTrust => ({ proxies, header: 'x-forwarded-for' })
const forwarded = (proxies: number): ProxyTrust => ({ proxies, header: 'forwarded' })

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, xff(0))).toBe('10.0.0.9')
    expect(clientAddress('10.0.0.9', { forwarded: 'for=1.2.3.4' }, forwarded(0))).toBe('10.0.0.9')
  })

  it('takes the hop the trusted proxy appended to X-Forwarded-For, not what the client wrote', () => {
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, xff(1))).toBe('1.2.3.4')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }, xff(1))).toBe('1.2.3.4')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.2' }, xff(2))).toBe('1.2.3.4')
  })

  it('reads RFC 7239 Forwarded with TRUST_PROXY_HEADER=forwarded, with quoted IPv6 and ports', () => {
    expect(clientAddress('10.0.0.9', { forwarded: 'for=6.6.6.6, for="[2001:db8::1]:4711";proto=https' }, forwarded(1))).toBe('2001:db8::1')
    expect(clientAddress('10.0.0.9', { forwarded: 'for=192.0.2.60:1234;by=203.0.113.43' }, forwarded(1))).toBe('192.0.2.60')
  })

  it('ignores a client-sent Forwarded header when the proxy sets X-Forwarded-For', () => {
    const headers = { forwarded: 'for=127.0.0.1', 'x-forwarded-for': '203.0.113.9' }
    expect(clientAddress('10.0.0.2', headers, xff(1))).toBe('203.0.113.9')
    // No X-Forwarded-For at all: the proxy's own address, never the client's claim.
    expect(clientAddress('10.0.0.2', { forwarded: 'for=127.0.0.1' }, xff(1))).toBe('10.0.0.2')
  })

  it('ignores a client-sent X-Forwarded-For header when the proxy sets Forwarded', () => {
    const headers = { forwarded: 'for=203.0.113.9', 'x-forwarded-for': '127.0.0.1' }
    expect(clientAddress('10.0.0.2', headers, forwarded(1))).toBe('203.0.113.9')
    expect(clientAddress('10.0.0.2', { 'x-forwarded-for': '127.0.0.1' }, forwarded(1))).toBe('10.0.0.2')
  })

  it('counts a Forwarded element without for= as a hop, so a client cannot shift the count', () => {
    expect(clientAddress('10.0.0.9', { forwarded: 'for=127.0.0.1, proto=https' }, forwarded(1))).toBe('unknown')
  })

  it('gives an IPv4 address as an IPv6 socket reports it as the plain IPv4 address', () => {
    expect(clientAddress('::ffff:192.0.2.7', {}, xff(0))).toBe('192.0.2.7')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '::ffff:192.0.2.7' }, xff(1))).toBe('192.0.2.7')
  })

  it('falls back to the left-most hop when fewer hops arrived than proxies are trusted', () => {
    expect(clientAddress('10.0.0.9', {}, xff(1))).toBe('10.0.0.9')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, xff(3))).toBe('1.2.3.4')
  })
})
