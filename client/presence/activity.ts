/**
 * Who is active and who is idle. Every client publishes `lastActive` (epoch ms of
 * its last input) in its awareness state, at most every PUBLISH_INTERVAL_MS, so
 * a typist costs one awareness message per few seconds, not one per keystroke.
 * Readers compare it with their own clock: devices keep their clocks within
 * seconds of each other, far below the idle threshold, and a timestamp from the
 * future counts as active.
 */

/** No input for this long makes a person idle. */
export const DEFAULT_IDLE_AFTER_MS = 60_000

/** How often, at most, typing refreshes `lastActive` in awareness (more often only under a shorter idle threshold). */
export const PUBLISH_INTERVAL_MS = 5_000

/** The query parameter that shortens the idle threshold, e.g. `?idleAfterMs=1500` (tests, demos). */
export const IDLE_AFTER_PARAMETER = 'idleAfterMs'

export type Activity = 'active' | 'idle'

export function activityOf(lastActive: number | null, now: number, idleAfterMs: number): Activity {
  // Someone whose client publishes no timestamp (an older client, a script) is not assumed idle.
  if (lastActive === null) return 'active'
  return now - lastActive >= idleAfterMs ? 'idle' : 'active'
}

/** When the next of these people turns idle (epoch ms), or null when nobody will without new input. */
export function nextIdleAt(lastActiveTimes: readonly (number | null)[], now: number, idleAfterMs: number): number | null {
  const upcoming = lastActiveTimes
    .filter((time): time is number => time !== null && now - time < idleAfterMs)
    .map((time) => time + idleAfterMs)
  return upcoming.length === 0 ? null : Math.min(...upcoming)
}

/**
 * Whether input now should be published. The interval is well under the idle
 * threshold, so the first input after someone turned idle is always published.
 */
export function shouldPublish(lastPublished: number | null, now: number, idleAfterMs: number): boolean {
  return lastPublished === null || now - lastPublished >= Math.min(PUBLISH_INTERVAL_MS, idleAfterMs / 4)
}

/** The idle threshold for this page: the default, or a positive whole number of milliseconds from the address. */
export function idleAfterMsFrom(search: string): number {
  const value = new URLSearchParams(search).get(IDLE_AFTER_PARAMETER)
  if (value === null || !/^\d{1,9}$/.test(value) || Number(value) === 0) return DEFAULT_IDLE_AFTER_MS
  return Number(value)
}
