import { describe, expect, it } from 'vitest'
import { matchingBlocks, SLASH_BLOCKS } from './slash-blocks.ts'

const labels = (query: string): string[] => matchingBlocks(query).map((block) => block.label)

describe('matchingBlocks', () => {
  it('offers every block before anything is typed', () => {
    expect(labels('')).toEqual(SLASH_BLOCKS.map((block) => block.label))
    expect(labels('')).toHaveLength(11)
  })

  it('finds blocks by the start of a word of their name, in any case', () => {
    expect(labels('he')).toEqual(['Heading 1', 'Heading 2', 'Heading 3'])
    expect(labels('LIST')).toEqual(['Bulleted list', 'Numbered list'])
    expect(labels('quo')).toEqual(['Quote'])
  })

  it('finds blocks by their other names', () => {
    expect(labels('h2')).toEqual(['Heading 2'])
    expect(labels('todo')).toEqual(['Checklist'])
    expect(labels('hr')).toEqual(['Divider'])
  })

  it('does not match inside a word', () => {
    // "checklist" holds "he", and "table" holds "ab".
    expect(labels('ab')).toEqual([])
    expect(labels('zzz')).toEqual([])
  })
})
