import { describe, expect, it } from 'vitest'
import { TokenBucket } from './token-bucket.ts'

describe('TokenBucket', () => {
  it('allows a burst up to its capacity without debt', () => {
    const bucket = new TokenBucket(10, 5, () => 0)
    for (let i = 0; i < 5; i++) bucket.spend()
    expect(bucket.msUntilRepaid()).toBe(0)
    bucket.spend()
    expect(bucket.msUntilRepaid()).toBe(100)
  })

  it('tells how long a debt takes to repay at its rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    bucket.spend(25)
    expect(bucket.msUntilRepaid()).toBe(2000)
    now = 1500
    expect(bucket.msUntilRepaid()).toBe(500)
    now = 2000
    expect(bucket.msUntilRepaid()).toBe(0)
  })

  it('refills never above capacity', () => {
    let now = 0
    const bucket = new TokenBucket(10, 5, () => now)
    now = 60_000
    bucket.spend(6)
    expect(bucket.msUntilRepaid()).toBe(100)
  })

  it('tryTake takes only what the bucket holds, and says how long until it holds enough', () => {
    let now = 0
    const bucket = new TokenBucket(2, 2, () => now)
    expect(bucket.tryTake()).toBe(0)
    expect(bucket.tryTake()).toBe(0)
    expect(bucket.tryTake()).toBe(500)
    // The refused attempt cost nothing: half a second later one token is there.
    now = 500
    expect(bucket.tryTake()).toBe(0)
    expect(bucket.msUntilRepaid()).toBe(0)
  })
})
