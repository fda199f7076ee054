import { describe, expect, it } from 'vitest'
import { PerCauseThrottle } from './per-cause-throttle.ts'

describe('PerCauseThrottle', () => {
  it('passes the first line of a cause, counts the rest of its interval, and makes the count due once the interval is over', () => {
    const throttle = new PerCauseThrottle(10_000)
    expect(throttle.pass('forbidden', 0)).toBe(0)
    expect(throttle.pass('forbidden', 1000)).toBeNull()
    expect(throttle.pass('forbidden', 9999)).toBeNull()
    // Another cause has its own interval.
    expect(throttle.pass('roomFull', 5000)).toBe(0)
    expect(throttle.nextDueAt()).toBe(10_000)
    expect(throttle.due(9999)).toEqual([])
    expect(throttle.due(10_000)).toEqual([{ cause: 'forbidden', suppressed: 2 }])
    // The count was a line: the next one of the cause within the interval after it is counted again.
    expect(throttle.pass('forbidden', 15_000)).toBeNull()
    expect(throttle.due(20_000)).toEqual([{ cause: 'forbidden', suppressed: 1 }])
    expect(throttle.nextDueAt()).toBeNull()
  })

  it('gives the count to the next line of the cause when that comes before the count was written', () => {
    const throttle = new PerCauseThrottle(1000)
    throttle.pass('badRequest', 0)
    throttle.pass('badRequest', 10)
    throttle.pass('badRequest', 20)
    expect(throttle.pass('badRequest', 1500)).toBe(2)
    expect(throttle.due(3000)).toEqual([])
  })

  it('forgets a cause quiet for a whole interval', () => {
    const throttle = new PerCauseThrottle(1000)
    throttle.pass('notFound', 0)
    expect(throttle.due(1000)).toEqual([])
    expect(throttle.pass('notFound', 1001)).toBe(0)
  })
})
