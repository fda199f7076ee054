import { describe, expect, it } from 'vitest'
import type { ProxyTrust } from './client-address.ts'
import { OriginPolicy } from './origin-policy.ts'

const DIRECT: ProxyTrust = { proxies: 0, header: 'x-forwarded-for' }
const BEHIND_ONE_PROXY: ProxyTrust = { proxies: 1, header: 'x-forwarded-for' }
const BEHIND_ONE_FORWARDED_PROXY: ProxyTrust = { proxies: 1, header: 'forwarded' }

const allows = (policy: OriginPolicy, headers: Record<string, string>) => policy.check(headers) === null

describe('OriginPolicy without ALLOWED_ORIGINS: the server\'s own origin, scheme, host and port', () => {
  it('reached directly (plain HTTP), takes pages of http://<Host> only', () => {
    const policy = new OriginPolicy(null, DIRECT)
    expect(allows(policy, { host: 'docs.example.com:8080', origin: 'http://docs.example.com:8080' })).toBe(true)
    expect(allows(policy, { host: 'docs.example.com:8080', origin: 'https://docs.example.com:8080' })).toBe(false)
    expect(allows(policy, { host: 'docs.example.com:8080', origin: 'http://docs.example.com:8081' })).toBe(false)
    expect(allows(policy, { host: 'docs.example.com', origin: 'http://docs.example.com:80' })).toBe(true)
    // Without a trusted proxy a forwarded scheme is anyone's claim.
    expect(allows(policy, { host: 'docs.example.com', origin: 'https://docs.example.com', 'x-forwarded-proto': 'https' })).toBe(false)
  })

  it('behind a TLS proxy, takes the scheme the proxy forwards: an http page may not use the https server, nor the reverse', () => {
    const policy = new OriginPolicy(null, BEHIND_ONE_PROXY)
    const https = { host: 'docs.example.com', 'x-forwarded-proto': 'https' }
    expect(allows(policy, { ...https, origin: 'https://docs.example.com' })).toBe(true)
    expect(allows(policy, { ...https, origin: 'https://docs.example.com:443' })).toBe(true)
    expect(allows(policy, { ...https, origin: 'http://docs.example.com' })).toBe(false)
    expect(allows(policy, { host: 'docs.example.com', 'x-forwarded-proto': 'http', origin: 'https://docs.example.com' })).toBe(false)
    // The value the trusted proxy appended counts, not what the client wrote before it.
    expect(allows(policy, { host: 'docs.example.com', 'x-forwarded-proto': 'http, https', origin: 'http://docs.example.com' })).toBe(false)
    // A proxy that sends no scheme leaves the connection's own (http), and the refusal says what to set.
    const refusal = policy.check({ host: 'docs.example.com', origin: 'https://docs.example.com' })
    expect(refusal?.message).toMatch(/X-Forwarded-Proto/)
  })

  it('with TRUST_PROXY_HEADER=forwarded, reads proto= of Forwarded and ignores X-Forwarded-Proto', () => {
    const policy = new OriginPolicy(null, BEHIND_ONE_FORWARDED_PROXY)
    expect(allows(policy, { host: 'docs.example.com', forwarded: 'for=10.0.0.9;proto=https;host=docs.example.com', origin: 'https://docs.example.com' })).toBe(true)
    expect(allows(policy, { host: 'docs.example.com', forwarded: 'for=10.0.0.9;proto="http"', origin: 'https://docs.example.com' })).toBe(false)
    expect(allows(policy, { host: 'docs.example.com', 'x-forwarded-proto': 'https', origin: 'https://docs.example.com' })).toBe(false)
  })

  it('with ALLOWED_ORIGINS, compares the exact origins and nothing else', () => {
    const policy = new OriginPolicy(['https://app.example.com'], BEHIND_ONE_PROXY)
    expect(allows(policy, { host: 'seed.internal', origin: 'https://app.example.com' })).toBe(true)
    expect(allows(policy, { host: 'seed.internal', origin: 'http://app.example.com', 'x-forwarded-proto': 'http' })).toBe(false)
  })
})
