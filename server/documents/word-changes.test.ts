import { describe, expect, it } from 'vitest'
import { countWordChanges } from './word-changes.ts'

describe('countWordChanges', () => {
  it('counts the words of a first version as added', () => {
    expect(countWordChanges('', 'Hello brave new world')).toEqual({ wordsAdded: 4, wordsRemoved: 0 })
  })

  it('counts words typed and deleted, each occurrence once, and nothing for punctuation or spacing', () => {
    expect(countWordChanges('the cat sat on the mat.', 'the  cat sat, on the mat and the hat')).toEqual({ wordsAdded: 3, wordsRemoved: 0 })
    expect(countWordChanges('one two three', 'one three four')).toEqual({ wordsAdded: 1, wordsRemoved: 1 })
  })

  it('counts a word moved elsewhere as neither added nor removed', () => {
    expect(countWordChanges('alpha beta gamma', 'gamma alpha beta')).toEqual({ wordsAdded: 0, wordsRemoved: 0 })
  })

  it('takes words of any script, with apostrophes and hyphens inside', () => {
    expect(countWordChanges("l'été", "l'été Grüße 東京 well-known")).toEqual({ wordsAdded: 3, wordsRemoved: 0 })
  })
})
