import { describe, expect, it } from 'vitest'
import { AddressRateLimit } from './address-rate-limit.ts'

function limitWithClock(options: { limit: number; windowMs: number; maxAddresses?: number }) {
  const clock = { now: 0 }
  return { clock, limit: new AddressRateLimit({ ...options, now: () => clock.now }) }
}

describe('AddressRateLimit', () => {
  it('allows `limit` actions at once, then refuses with the seconds until the next one', () => {
    const { limit } = limitWithClock({ limit: 3, windowMs: 60_000 })
    for (let i = 0; i < 3; i++) expect(limit.take('10.0.0.1')).toEqual({ allowed: true })
    expect(limit.take('10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 20 })
  })

  it('counts each address on its own', () => {
    const { limit } = limitWithClock({ limit: 1, windowMs: 60_000 })
    expect(limit.take('10.0.0.1').allowed).toBe(true)
    expect(limit.take('10.0.0.1').allowed).toBe(false)
    expect(limit.take('10.0.0.2').allowed).toBe(true)
  })

  it('refills continuously, and refused attempts do not push the next allowed one back', () => {
    const { clock, limit } = limitWithClock({ limit: 2, windowMs: 60_000 })
    limit.take('a')
    limit.take('a')
    for (let i = 0; i < 50; i++) expect(limit.take('a').allowed).toBe(false)
    clock.now = 30_000
    expect(limit.take('a')).toEqual({ allowed: true })
    expect(limit.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 })
  })

  it('forgets an address once its budget is full again', () => {
    const { clock, limit } = limitWithClock({ limit: 5, windowMs: 1000 })
    for (let i = 0; i < 100; i++) limit.take(`10.0.${i}.1`)
    expect(limit.size).toBe(100)
    clock.now = 1000
    limit.take('10.9.9.9')
    expect(limit.size).toBe(1)
  })

  it('keeps at most maxAddresses entries, forgetting the least recently seen first', () => {
    const { clock, limit } = limitWithClock({ limit: 1, windowMs: 60_000, maxAddresses: 3 })
    for (const address of ['a', 'b', 'c']) limit.take(address)
    clock.now = 1
    // 'a' is seen again (refused), so 'b' is now the least recently seen.
    expect(limit.take('a').allowed).toBe(false)
    for (let i = 0; i < 1000; i++) limit.take(`new-${i}`)
    expect(limit.size).toBe(3)
    expect(limit.take('b').allowed).toBe(true)
  })
})
