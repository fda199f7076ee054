import { getSchema } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { documentExtensions } from '../../../shared/document-schema.ts'
import { countDocument, countRange, countText, describeCount } from './text-count.ts'

const schema = getSchema(documentExtensions)

function doc(...paragraphs: (string | null)[]) {
  return schema.nodeFromJSON({
    type: 'doc',
    content: paragraphs.map((text) => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] })),
  })
}

describe('countText', () => {
  it('counts words, not spaces or punctuation', () => {
    expect(countText('Hello, world!  How are you?')).toEqual({ words: 5, characters: 27 })
    expect(countText('   ')).toEqual({ words: 0, characters: 3 })
    expect(countText('')).toEqual({ words: 0, characters: 0 })
  })

  it('keeps contractions and numbers whole', () => {
    expect(countText("don't stop").words).toBe(2)
    expect(countText('pi is 3.14').words).toBe(3)
  })

  it('counts characters as people see them, also emoji and combining marks', () => {
    expect(countText('👍🏽').characters).toBe(1)
    expect(countText('👨‍👩‍👧').characters).toBe(1)
    expect(countText('e\u0301').characters).toBe(1)
  })

  it('splits text written without spaces into words', () => {
    expect(countText('我们是朋友').words).toBeGreaterThan(1)
    expect(countText('Grüße aus Köln').words).toBe(3)
  })

  it('does not count line breaks as characters, but they separate words', () => {
    expect(countText('one\ntwo\r\nthree')).toEqual({ words: 3, characters: 11 })
  })
})

describe('countDocument', () => {
  it('counts every block, without joining the last word of one to the first of the next', () => {
    expect(countDocument(doc('The end', 'Start here'))).toEqual({ words: 4, characters: 17 })
    expect(countDocument(doc(null, 'one', null))).toEqual({ words: 1, characters: 3 })
  })

  it('counts text inside lists and tables', () => {
    const document = schema.nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two words' }] }] }] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'cell' }] }] }] }] },
      ],
    })
    expect(countDocument(document)).toEqual({ words: 3, characters: 13 })
  })

  it('gives the same answer for a new version of the document that shares unchanged blocks', () => {
    const before = doc('first block', 'second block')
    const after = before.replace(1, 6, doc('last').slice(1, 5))
    expect(countDocument(after)).toEqual({ words: 4, characters: 22 })
  })
})

describe('countRange', () => {
  it('counts only the selected text, across blocks', () => {
    // "The end" is 1–8, "Start here" 10–20.
    const document = doc('The end', 'Start here')
    expect(countRange(document, 5, 15)).toEqual({ words: 2, characters: 8 })
  })
})

describe('describeCount', () => {
  it('shows the document, or the selection of the document', () => {
    expect(describeCount({ words: 340, characters: 1920 }, null)).toBe('340 words · 1,920 characters')
    expect(describeCount({ words: 1, characters: 1 }, null)).toBe('1 word · 1 character')
    expect(describeCount({ words: 340, characters: 1920 }, { words: 12, characters: 61 })).toBe('12 of 340 words · 61 of 1,920 characters')
  })
})
