import { describe, expect, it } from 'vitest'
import { changeColor, withKnownColors, writersOfDifference } from './change-attribution.ts'
import type { VersionAuthor, VersionSummary } from './version-days.ts'

const ada: VersionAuthor = { name: 'Ada Lovelace', color: '#1d4ed8' }
const grace: VersionAuthor = { name: 'Grace Hopper', color: '#be185d' }

function version(id: string, authors: VersionAuthor[]): VersionSummary {
  return { id, createdAt: 0, name: null, authors, auto: true, wordsAdded: 0, wordsRemoved: 0 }
}

// Newest first, as the server lists them.
const versions = [version('3', [grace]), version('2', [grace]), version('1', [ada])]

describe('who made the changes a preview shows', () => {
  it('against the version before: the shown version’s authors', () => {
    expect(writersOfDifference(versions, '1', 'previous')).toEqual([ada])
  })

  it('against the current text: the authors of every later version', () => {
    expect(writersOfDifference(versions, '1', 'current')).toEqual([grace, grace])
    expect(writersOfDifference(versions, '3', 'current')).toEqual([])
  })

  it('colours the changes as their one author, and neutrally for several or none', () => {
    expect(changeColor([grace, grace])).toBe('#be185d')
    expect(changeColor([ada, grace])).toBeNull()
    expect(changeColor([])).toBeNull()
    expect(changeColor([{ name: 'A script', color: null }])).toBeNull()
  })
})

describe('the colours of authors', () => {
  it('come from the document’s people by name when the server gave none, the most recent editor’s first', () => {
    const named = [version('1', [{ name: 'Ada Lovelace', color: null }, { name: 'Grace Hopper', color: '#000000' }, { name: 'Stranger', color: null }])]
    const people = [
      { name: 'Ada Lovelace', color: '#1d4ed8' },
      { name: 'Ada Lovelace', color: '#ffffff' },
      { name: 'Grace Hopper', color: '#be185d' },
    ]
    expect(withKnownColors(named, people)[0].authors).toEqual([
      { name: 'Ada Lovelace', color: '#1d4ed8' },
      { name: 'Grace Hopper', color: '#000000' },
      { name: 'Stranger', color: null },
    ])
  })
})
