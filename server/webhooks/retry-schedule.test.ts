import { describe, expect, it } from 'vitest'
import { nextAttemptAt } from './retry-schedule.ts'

const SCHEDULE = [5000, 30_000, 120_000, 600_000, 3_600_000]

describe('nextAttemptAt', () => {
  it('waits the delay of the attempt that failed, plus at most 10% of jitter', () => {
    expect(nextAttemptAt(1, SCHEDULE, 1000, () => 0)).toBe(6000)
    expect(nextAttemptAt(2, SCHEDULE, 1000, () => 0)).toBe(31_000)
    expect(nextAttemptAt(5, SCHEDULE, 0, () => 0)).toBe(3_600_000)
    expect(nextAttemptAt(1, SCHEDULE, 0, () => 0.999_999)).toBe(5500)
  })

  it('gives up once every delay was used', () => {
    expect(nextAttemptAt(6, SCHEDULE, 0, () => 0)).toBeNull()
    expect(nextAttemptAt(2, [100], 0, () => 0)).toBeNull()
  })
})
