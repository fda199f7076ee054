/**
 * Which versions thinning removes (README "Version history"): every version
 * younger than `keepAllMs` stays; of those younger than `keepHourlyMs`, one
 * per hour; of older ones, one per day. The one kept in an hour or a day is
 * the newest of it (the state that hour ended with). Named versions are never
 * removed, and do not take the place of an automatic one. Hours and days are
 * UTC, counted from the epoch, so every instance thins alike.
 */

export interface RetentionPolicy {
  /** Versions younger than this are all kept. */
  keepAllMs: number
  /** Up to this age one version per hour is kept; older, one per day. */
  keepHourlyMs: number
}

export const DEFAULT_RETENTION: RetentionPolicy = { keepAllMs: 24 * 3_600_000, keepHourlyMs: 30 * 24 * 3_600_000 }

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

export interface RetainedVersion {
  seq: number
  createdAt: number
  name: string | null
}

/** The seqs of the versions to remove at `now`. */
export function versionsToThin(versions: readonly RetainedVersion[], now: number, policy: RetentionPolicy): number[] {
  const keptBuckets = new Set<string>()
  const removed: number[] = []
  // Newest first: the first version seen in a bucket is the one kept.
  const newestFirst = [...versions].sort((a, b) => b.seq - a.seq)
  for (const version of newestFirst) {
    if (version.name !== null) continue
    const age = now - version.createdAt
    if (age < policy.keepAllMs) continue
    const bucket = age < policy.keepHourlyMs ? `h${Math.floor(version.createdAt / HOUR_MS)}` : `d${Math.floor(version.createdAt / DAY_MS)}`
    if (keptBuckets.has(bucket)) removed.push(version.seq)
    else keptBuckets.add(bucket)
  }
  return removed
}
