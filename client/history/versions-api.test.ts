import { describe, expect, it } from 'vitest'
import { readVersion } from './versions-api.ts'

describe('a version as the server lists it', () => {
  it('is read field by field', () => {
    expect(
      readVersion({
        id: 7,
        createdAt: '2026-12-07T14:05:00.000Z',
        name: 'Draft',
        authors: [{ name: 'Ada Lovelace', color: '#1d4ed8', subject: 'ada' }, { name: 'A script' }, { name: null, subject: 'user-42' }, { name: null }, 'nobody'],
        auto: false,
        wordsAdded: 12,
        wordsRemoved: 3,
      }),
    ).toEqual({
      id: '7',
      createdAt: Date.parse('2026-12-07T14:05:00.000Z'),
      name: 'Draft',
      authors: [
        { name: 'Ada Lovelace', color: '#1d4ed8' },
        { name: 'A script', color: null },
        { name: 'user-42', color: null },
        { name: 'Someone', color: null },
      ],
      auto: false,
      wordsAdded: 12,
      wordsRemoved: 3,
    })
  })

  it('takes a time in milliseconds, a blank name as none, and odd counts as zero', () => {
    expect(readVersion({ id: 'v1', createdAt: 1_000, name: ' ', authors: 'nobody', auto: true, wordsAdded: -1 })).toEqual({
      id: 'v1',
      createdAt: 1_000,
      name: null,
      authors: [],
      auto: true,
      wordsAdded: 0,
      wordsRemoved: 0,
    })
  })

  it('is skipped without an id or a time', () => {
    expect(readVersion({ createdAt: 1_000 })).toBeNull()
    expect(readVersion({ id: 'v1', createdAt: 'yesterday' })).toBeNull()
    expect(readVersion(null)).toBeNull()
  })
})
