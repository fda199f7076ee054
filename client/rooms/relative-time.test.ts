import { describe, expect, it } from 'vitest'
import { formatTimeAgo } from './relative-time.ts'

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0)
const MINUTE = 60_000

describe('formatTimeAgo', () => {
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [MINUTE, '1 minute ago'],
    [5 * MINUTE, '5 minutes ago'],
    [60 * MINUTE, '1 hour ago'],
    [26 * 60 * MINUTE, 'yesterday'],
    [3 * 24 * 60 * MINUTE, '3 days ago'],
    [15 * 24 * 60 * MINUTE, '2 weeks ago'],
    [400 * 24 * 60 * MINUTE, 'last year'],
  ])('%i ms ago reads "%s"', (elapsed, expected) => {
    expect(formatTimeAgo(NOW - elapsed, NOW)).toBe(expected)
  })

  it('treats clock skew into the future as now', () => {
    expect(formatTimeAgo(NOW + 10_000, NOW)).toBe('just now')
  })
})
