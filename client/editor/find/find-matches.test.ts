import { getSchema } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { documentExtensions } from '../../../shared/document-schema.ts'
import { findMatches } from './find-matches.ts'

const schema = getSchema(documentExtensions)

type Inline = string | { hardBreak: true } | { bold: string }

function paragraph(...parts: Inline[]) {
  return {
    type: 'paragraph',
    content: parts.map((part) => {
      if (typeof part === 'string') return { type: 'text', text: part }
      if ('hardBreak' in part) return { type: 'hardBreak' }
      return { type: 'text', text: part.bold, marks: [{ type: 'bold' }] }
    }),
  }
}

function doc(...blocks: object[]) {
  return schema.nodeFromJSON({ type: 'doc', content: blocks })
}

/** The matched text, read back from the document at each match's positions. */
function matchedText(document: ReturnType<typeof doc>, query: string, matchCase = false): string[] {
  return findMatches(document, query, matchCase).map((match) => document.textBetween(match.from, match.to))
}

describe('findMatches', () => {
  it('finds every occurrence, in document order, at the right positions', () => {
    const document = doc(paragraph('the cat and the hat'), paragraph('The end'))
    expect(findMatches(document, 'the', true)).toEqual([
      { from: 1, to: 4 },
      { from: 13, to: 16 },
    ])
    expect(matchedText(document, 'the')).toEqual(['the', 'the', 'The'])
  })

  it('ignores case unless asked to match it, also beyond ASCII', () => {
    const document = doc(paragraph('Ärger und ärger, ΣΊΣΥΦΟΣ σίσυφος'))
    expect(matchedText(document, 'ärger')).toEqual(['Ärger', 'ärger'])
    expect(matchedText(document, 'ärger', true)).toEqual(['ärger'])
    expect(matchedText(document, 'σίσυφος')).toHaveLength(2)
  })

  it('matches across marks inside a block but never across blocks or line breaks', () => {
    const document = doc(paragraph('some ', { bold: 'bold' }, 'face'), paragraph('end'), paragraph('start'), paragraph('line', { hardBreak: true }, 'break'))
    expect(matchedText(document, 'boldface')).toEqual(['boldface'])
    expect(findMatches(document, 'endstart', false)).toEqual([])
    expect(findMatches(document, 'linebreak', false)).toEqual([])
    expect(matchedText(document, 'break')).toEqual(['break'])
  })

  it('finds text inside lists and table cells', () => {
    const document = doc(
      { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph('needle in a list')] }] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [paragraph('a needle')] }] }] },
    )
    expect(matchedText(document, 'needle')).toEqual(['needle', 'needle'])
  })

  it('treats the query as text, not as a pattern, and does not overlap matches', () => {
    const document = doc(paragraph('a.b axb (x) aaaa'))
    expect(matchedText(document, 'a.b')).toEqual(['a.b'])
    expect(matchedText(document, '(x)')).toEqual(['(x)'])
    expect(matchedText(document, 'aa')).toEqual(['aa', 'aa'])
  })

  it('finds nothing for an empty query', () => {
    expect(findMatches(doc(paragraph('text')), '', false)).toEqual([])
  })
})
