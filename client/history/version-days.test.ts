import { describe, expect, it } from 'vitest'
import { describeChangeSize, groupByDay, versionTitle, type VersionSummary } from './version-days.ts'

function version(id: string, createdAt: Date, name: string | null = null): VersionSummary {
  return { id, createdAt: createdAt.getTime(), name, authors: [], auto: name === null, wordsAdded: 1, wordsRemoved: 0 }
}

describe('the history list by day', () => {
  // Local times: the grouping follows the reader's calendar, whatever the machine's time zone.
  const now = new Date(2026, 11, 7, 15, 30).getTime()

  it('groups newest first under Today, Yesterday and the date', () => {
    const days = groupByDay(
      [
        version('a', new Date(2026, 11, 4, 9, 0)),
        version('b', new Date(2026, 11, 7, 0, 5)),
        version('c', new Date(2026, 11, 6, 23, 59)),
        version('d', new Date(2026, 11, 7, 14, 0)),
      ],
      now,
    )
    expect(days.map((day) => [day.label, day.versions.map((entry) => entry.id)])).toEqual([
      ['Today', ['d', 'b']],
      ['Yesterday', ['c']],
      ['Friday, 4 December 2026', ['a']],
    ])
  })

  it('calls a named version by its name and an automatic one by its time', () => {
    expect(versionTitle(version('n', new Date(2026, 11, 7, 9, 5), 'Before restore'))).toBe('Before restore')
    expect(versionTitle(version('t', new Date(2026, 11, 7, 9, 5)))).toBe('09:05')
  })

  it('says how many words came and went', () => {
    expect(describeChangeSize({ wordsAdded: 12, wordsRemoved: 3 })).toBe('+12 \u22123 words')
    expect(describeChangeSize({ wordsAdded: 0, wordsRemoved: 0 })).toBe('No text changes')
  })
})
