/**
 * When a failed delivery is tried again: the configured delay for the
 * attempt that failed (about 5 s, 30 s, 2 min, 10 min, 1 h by default), plus
 * up to 10% of jitter so deliveries that failed together (a receiver that
 * was down) do not all come back in the same instant.
 */
const JITTER = 0.1

/**
 * The time of the next attempt after `attemptsMade` attempts (the last one
 * failed at `now`); null once every delay of the schedule was used: give up.
 * `random` is in [0, 1), Math.random by default.
 */
export function nextAttemptAt(attemptsMade: number, scheduleMs: readonly number[], now: number, random: () => number = Math.random): number | null {
  const delay = scheduleMs[attemptsMade - 1]
  if (delay === undefined) return null
  return now + Math.round(delay * (1 + JITTER * random()))
}
