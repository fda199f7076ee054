import { describe, expect, it } from 'vitest'
import { clientAddress } from './client-address.ts'

describe('clientAddress', () => {
  it('is the socket address when no proxy is trusted, whatever the headers say', () => {
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, 0)).toBe('10.0.0.9')
  })

  it('takes the hop the trusted proxy appended to X-Forwarded-For, not what the client wrote', () => {
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, 1)).toBe('1.2.3.4')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }, 1)).toBe('1.2.3.4')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.2' }, 2)).toBe('1.2.3.4')
  })

  it('prefers the standard Forwarded header, with quoted IPv6 and ports', () => {
    expect(clientAddress('10.0.0.9', { forwarded: 'for=6.6.6.6, for="[2001:db8::1]:4711";proto=https', 'x-forwarded-for': '9.9.9.9' }, 1)).toBe('2001:db8::1')
    expect(clientAddress('10.0.0.9', { forwarded: 'for=192.0.2.60:1234;by=203.0.113.43' }, 1)).toBe('192.0.2.60')
  })

  it('falls back to the left-most hop when fewer hops arrived than proxies are trusted', () => {
    expect(clientAddress('10.0.0.9', {}, 1)).toBe('10.0.0.9')
    expect(clientAddress('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }, 3)).toBe('1.2.3.4')
  })
})
