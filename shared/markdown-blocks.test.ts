import { describe, expect, it } from 'vitest'
import { EVERY_NODE_DOCUMENT } from '../test-support/every-node-document.ts'
import { createDocumentMarkdown } from './document-markdown.ts'
import { markdownPieces, parseMarkdownInPieces } from './markdown-blocks.ts'

const manager = createDocumentMarkdown()
/** Every node of the schema, then more prose, lists after blank lines, a fence with blank lines inside. */
const RICH = [
  manager.serialize(EVERY_NODE_DOCUMENT),
  'A paragraph after it.',
  '- a loose list\n\n- still the same list\n\n  with a second paragraph',
  '```\ncode\n\nNot a paragraph: still code\n```',
  '> a quote\n\n> another quote',
  'Setext heading\n===',
  '    indented code\n\n    still indented code',
  'Last words.',
].join('\n\n')

describe('Markdown parsed in pieces', () => {
  it('gives the same document as parsing it whole, cut as small as it can be', () => {
    const pieces = markdownPieces(RICH, 1)
    expect(pieces.length).toBeGreaterThan(5)
    const lines = (markdown: string) => markdown.split('\n').filter((line) => line.trim() !== '')
    expect(lines(pieces.join('\n'))).toEqual(lines(RICH))
    expect(parseMarkdownInPieces(manager, RICH)).toEqual(manager.parse(RICH))
  })

  it('never cuts inside a fence, a list or indented code', () => {
    const pieces = markdownPieces(RICH, 1)
    expect(pieces.some((piece) => piece.includes('```\ncode\n\nNot a paragraph: still code\n```'))).toBe(true)
    expect(pieces.some((piece) => piece.includes('- a loose list\n\n- still the same list\n\n  with a second paragraph'))).toBe(true)
    expect(pieces.some((piece) => piece.includes('    indented code\n\n    still indented code'))).toBe(true)
  })

  it('keeps text with link reference definitions whole: a definition applies anywhere', () => {
    const markdown = `See [the site][site].\n\n${'More words. '.repeat(20)}\n\n[site]: https://example.com`
    expect(markdownPieces(markdown, 1)).toEqual([markdown])
  })

  it('cuts a large document into pieces near the size asked for', () => {
    const paragraph = 'Words that make a paragraph of some length. '.repeat(5)
    const markdown = Array.from({ length: 2000 }, (_, i) => `${i}. ${paragraph}`.replace(/^(\d+)\./, 'Paragraph $1:')).join('\n\n')
    const pieces = markdownPieces(markdown, 16 * 1024)
    expect(pieces.length).toBeGreaterThan(20)
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(16 * 1024 + 2 * paragraph.length)
    expect(parseMarkdownInPieces(manager, markdown).content).toHaveLength(2000)
  })
})
