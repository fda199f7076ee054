import { describe, expect, it } from 'vitest'
import { DEFAULT_RETENTION, versionsToThin, type RetainedVersion } from './version-retention.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A controlled clock: thinning is asked at this instant (a whole UTC day, so the buckets below are plain). */
const NOW = Date.UTC(2026, 0, 31)

/** One automatic version every `everyMs` from `from` (exclusive) back to `to` (inclusive) before NOW, seqs rising with time. */
function versionsEvery(everyMs: number, fromAgo: number, toAgo: number, firstSeq: number): RetainedVersion[] {
  const versions: RetainedVersion[] = []
  let seq = firstSeq
  for (let ago = toAgo; ago > fromAgo; ago -= everyMs) versions.push({ seq: seq++, createdAt: NOW - ago, name: null })
  return versions
}

function kept(versions: RetainedVersion[]): RetainedVersion[] {
  const removed = new Set(versionsToThin(versions, NOW, DEFAULT_RETENTION))
  return versions.filter((version) => !removed.has(version.seq))
}

describe('versionsToThin', () => {
  it('keeps every version of the last 24 hours', () => {
    const versions = versionsEvery(MINUTE, 0, DAY - 1, 1)
    expect(versionsToThin(versions, NOW, DEFAULT_RETENTION)).toEqual([])
  })

  it('keeps the newest version of each hour between 24 hours and 30 days old', () => {
    const versions = versionsEvery(10 * MINUTE, DAY, 3 * DAY, 1)
    const left = kept(versions)
    expect(left).toHaveLength(48)
    for (const version of left) {
      const hourEnd = Math.floor(version.createdAt / HOUR) * HOUR + HOUR
      // The newest of its hour: the next version (10 minutes later) is in the next hour.
      expect(version.createdAt + 10 * MINUTE).toBeGreaterThanOrEqual(hourEnd)
    }
  })

  it('keeps the newest version of each day after 30 days', () => {
    const versions = versionsEvery(HOUR, 30 * DAY, 40 * DAY, 1)
    const left = kept(versions)
    expect(left).toHaveLength(10)
    expect(left.map((version) => new Date(version.createdAt).getUTCHours())).toEqual(Array(10).fill(23))
  })

  it('never removes a named version, and a named one does not stand in for the hour\'s automatic one', () => {
    const hourStart = NOW - 2 * DAY
    const versions: RetainedVersion[] = [
      { seq: 1, createdAt: hourStart + 5 * MINUTE, name: 'Draft sent to Ana' },
      { seq: 2, createdAt: hourStart + 10 * MINUTE, name: null },
      { seq: 3, createdAt: hourStart + 20 * MINUTE, name: 'Before restore' },
      { seq: 4, createdAt: hourStart + 30 * MINUTE, name: null },
    ]
    expect(versionsToThin(versions, NOW, DEFAULT_RETENTION)).toEqual([2])
  })

  it('follows a configured policy, and the same versions thin the same whatever their order', () => {
    const policy = { keepAllMs: HOUR, keepHourlyMs: 2 * HOUR }
    const versions = versionsEvery(15 * MINUTE, 0, 5 * HOUR, 1)
    const removed = versionsToThin(versions, NOW, policy)
    expect(versionsToThin([...versions].reverse(), NOW, policy).sort((a, b) => a - b)).toEqual(removed.sort((a, b) => a - b))
    // Every 15 minutes up to 5 hours before midnight: the 3 younger than an hour; of those 1 to 2 hours old,
    // the newest of 23:00–24:00 (23:00 itself) and of 22:00–23:00; of the older ones, all on the day before, one.
    expect(versions.length - removed.length).toBe(3 + 2 + 1)
  })
})
