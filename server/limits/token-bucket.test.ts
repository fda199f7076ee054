import { describe, expect, it } from 'vitest'
import { TokenBucket } from './token-bucket.ts'

describe('TokenBucket', () => {
  it('allows a burst up to its capacity, then refuses', () => {
    const bucket = new TokenBucket(10, 5, () => 0)
    expect(Array.from({ length: 6 }, () => bucket.take())).toEqual([true, true, true, true, true, false])
  })

  it('refills at its rate, never above capacity', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    for (let i = 0; i < 5; i++) bucket.take()
    now = 250 // 2.5 tokens
    expect(bucket.take(2)).toBe(true)
    expect(bucket.take(1)).toBe(false)
    now = 60_000
    expect(bucket.take(5)).toBe(true)
    expect(bucket.take(1)).toBe(false)
  })

  it('takes nothing when the amount does not fit', () => {
    const bucket = new TokenBucket(1, 100, () => 0)
    expect(bucket.take(150)).toBe(false)
    expect(bucket.take(100)).toBe(true)
  })
})
