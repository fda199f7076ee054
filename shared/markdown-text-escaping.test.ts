import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { createDocumentMarkdown } from './document-markdown.ts'
import { escapeMarkdownText } from './markdown-text-escaping.ts'

const text = (value: string, marks?: JSONContent['marks']): JSONContent => ({ type: 'text', text: value, ...(marks && { marks }) })
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: 'paragraph', content })
const cell = (type: 'tableHeader' | 'tableCell', value: string): JSONContent => ({ type, content: [paragraph(text(value))] })

/** The text of every text node, in document order: what a reader of the file must see. */
function texts(node: JSONContent): string[] {
  return node.text !== undefined ? [node.text] : (node.content ?? []).flatMap(texts)
}

function blockTypes(document: JSONContent): string[] {
  return (document.content ?? []).map((block) => block.type ?? '')
}

describe('escapeMarkdownText', () => {
  it('writes &, < and > as characters, escaping only what could be read as an entity or a tag', () => {
    expect(escapeMarkdownText('Salt & pepper, 5 > 3 < 4', false)).toBe('Salt & pepper, 5 > 3 < 4')
    expect(escapeMarkdownText('&amp; and <b>', false)).toBe('\\&amp; and \\<b>')
  })

  it('escapes inline delimiters and the pipe', () => {
    expect(escapeMarkdownText('a*b_c [d] `e` ~f~ g|h \\', false)).toBe('a\\*b\\_c \\[d\\] \\`e\\` \\~f\\~ g\\|h \\\\')
  })

  it('escapes block openers at the start of a line only', () => {
    expect(escapeMarkdownText('# Title', true)).toBe('\\# Title')
    expect(escapeMarkdownText('# Title', false)).toBe('# Title')
    expect(escapeMarkdownText('- item', true)).toBe('\\- item')
    expect(escapeMarkdownText('+ item', true)).toBe('\\+ item')
    expect(escapeMarkdownText('> quote', true)).toBe('\\> quote')
    expect(escapeMarkdownText('---', true)).toBe('\\---')
    expect(escapeMarkdownText('12. point', true)).toBe('12\\. point')
    expect(escapeMarkdownText('3) point', true)).toBe('3\\) point')
    expect(escapeMarkdownText('one\n# two', false)).toBe('one\n\\# two')
    expect(escapeMarkdownText('In 2019. we', false)).toBe('In 2019. we')
  })
})

describe('createDocumentMarkdown', () => {
  const markdown = createDocumentMarkdown()

  it('writes characters, not entities, and code as it is', () => {
    const written = markdown.serialize({
      type: 'doc',
      content: [paragraph(text('Fish & chips <3 for 2 > 1')), paragraph(text('a && b < c', [{ type: 'code' }])), { type: 'codeBlock', content: [text('if (a < b && c) {}')] }],
    })
    expect(written).not.toMatch(/&amp;|&lt;|&gt;/)
    expect(written).toContain('Fish & chips <3 for 2 > 1')
    expect(written).toContain('`a && b < c`')
    expect(written).toContain('if (a < b && c) {}')
  })

  it('reads back prose that looks like Markdown as the same prose', () => {
    const document: JSONContent = {
      type: 'doc',
      content: [
        paragraph(text('# not a heading')),
        paragraph(text('- not a list')),
        paragraph(text('> not a quote')),
        paragraph(text('1. not numbered')),
        paragraph(text('---')),
        paragraph(text('*stars* and _lines_ and [brackets](here) & <tags> &amp;')),
        paragraph(text('first line'), { type: 'hardBreak' }, text('# second line')),
        { type: 'bulletList', content: [{ type: 'listItem', content: [paragraph(text('# inside an item'))] }] },
      ],
    }
    const read = markdown.parse(markdown.serialize(document))
    expect(blockTypes(read)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'paragraph', 'bulletList'])
    expect(texts(read)).toEqual(texts(document))
  })

  it('keeps a pipe inside a table cell in its cell', () => {
    const table: JSONContent = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('tableHeader', 'Either | or'), cell('tableHeader', 'R&D')] },
        { type: 'tableRow', content: [cell('tableCell', 'a|b'), cell('tableCell', '- dash')] },
      ],
    }
    const written = markdown.serialize({ type: 'doc', content: [table] })
    expect(written).toContain('Either \\| or')
    const read = markdown.parse(written)
    expect(blockTypes(read)).toEqual(['table'])
    expect(read.content?.[0].content?.map((row) => row.content?.length)).toEqual([2, 2])
    expect(texts(read)).toEqual(['Either | or', 'R&D', 'a|b', '- dash'])
  })
})
