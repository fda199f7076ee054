import { describe, expect, it } from 'vitest'
import { activityOf, DEFAULT_IDLE_AFTER_MS, idleAfterMsFrom, nextIdleAt, PUBLISH_INTERVAL_MS, shouldPublish } from './activity.ts'

const NOW = 1_800_000_000_000

describe('activity', () => {
  it('is idle once the threshold has passed without input, active before', () => {
    expect(activityOf(NOW - 59_999, NOW, 60_000)).toBe('active')
    expect(activityOf(NOW - 60_000, NOW, 60_000)).toBe('idle')
  })

  it('counts a timestamp from the future (a clock ahead of ours) and a missing one as active', () => {
    expect(activityOf(NOW + 5_000, NOW, 60_000)).toBe('active')
    expect(activityOf(null, NOW, 60_000)).toBe('active')
  })

  it('knows when the next person turns idle, ignoring those already idle', () => {
    expect(nextIdleAt([NOW - 10_000, NOW - 50_000, NOW - 90_000, null], NOW, 60_000)).toBe(NOW + 10_000)
    expect(nextIdleAt([NOW - 90_000, null], NOW, 60_000)).toBeNull()
  })

  it('publishes the first input at once, then at most once per interval', () => {
    expect(shouldPublish(null, NOW, DEFAULT_IDLE_AFTER_MS)).toBe(true)
    expect(shouldPublish(NOW - PUBLISH_INTERVAL_MS + 1, NOW, DEFAULT_IDLE_AFTER_MS)).toBe(false)
    expect(shouldPublish(NOW - PUBLISH_INTERVAL_MS, NOW, DEFAULT_IDLE_AFTER_MS)).toBe(true)
  })

  it('publishes often enough that input after an idle spell always shows, however short the threshold', () => {
    expect(shouldPublish(NOW - 400, NOW, 1_500)).toBe(true)
    expect(shouldPublish(NOW - 300, NOW, 1_500)).toBe(false)
  })

  it('reads a shorter threshold from the address, and ignores anything that is not a positive whole number', () => {
    expect(idleAfterMsFrom('?idleAfterMs=1500')).toBe(1500)
    expect(idleAfterMsFrom('')).toBe(DEFAULT_IDLE_AFTER_MS)
    for (const bad of ['?idleAfterMs=0', '?idleAfterMs=-5', '?idleAfterMs=1e3', '?idleAfterMs=abc', '?idleAfterMs=']) {
      expect(idleAfterMsFrom(bad)).toBe(DEFAULT_IDLE_AFTER_MS)
    }
  })
})
