import { getSchema } from '@tiptap/core'
import type { Node } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { documentExtensions } from '../../shared/document-schema.ts'
import { paragraph, text } from '../../test-support/every-node-document.ts'
import { changesBetween } from './version-changes.ts'

const schema = getSchema(documentExtensions)

function doc(...lines: string[]): Node {
  return schema.nodeFromJSON({ type: 'doc', content: lines.map((line) => paragraph(text(line))) })
}

/** The inserted ranges as the text they cover in the shown document. */
function insertedText(shown: Node, base: Node): string[] {
  return changesBetween(base, shown).inserted.map(({ from, to }) => shown.textBetween(from, to, '|'))
}

describe('the changes between two documents', () => {
  it('finds none between equal documents', () => {
    expect(changesBetween(doc('Same text'), doc('Same text'))).toEqual({ inserted: [], deleted: [] })
  })

  it('marks inserted words in the shown document and deleted ones where they were', () => {
    const base = doc('The quick brown fox jumps')
    const shown = doc('The quick red fox jumps high')
    const changes = changesBetween(base, shown)
    expect(insertedText(shown, base)).toEqual(['red', ' high'])
    expect(changes.deleted).toEqual([{ at: shown.textContent.indexOf('red') + 1, text: 'brown', inline: true }])
  })

  it('expands a change inside a word to the whole word', () => {
    const base = doc('At the theatre tonight')
    const shown = doc('At the theater tonight')
    expect(insertedText(shown, base)).toEqual(['theater'])
    expect(changesBetween(base, shown).deleted.map((deleted) => deleted.text)).toEqual(['theatre'])
  })

  it('shows a whole deleted paragraph between the blocks that stayed', () => {
    const base = doc('First line', 'Gone line', 'Last line')
    const shown = doc('First line', 'Last line')
    const { inserted, deleted } = changesBetween(base, shown)
    expect(inserted).toEqual([])
    expect(deleted).toHaveLength(1)
    expect(deleted[0].text).toContain('Gone line')
  })

  it('finds a paragraph added between repeated ones', () => {
    const base = doc('Again', 'Again')
    const shown = doc('Again', 'New words', 'Again')
    expect(insertedText(shown, base).join('')).toContain('New words')
    expect(changesBetween(base, shown).deleted).toEqual([])
  })
})
