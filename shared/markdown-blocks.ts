import type { JSONContent } from '@tiptap/core'
import type { MarkdownManager } from '@tiptap/markdown'

/**
 * Markdown parsed a few dozen kilobytes at a time. marked's lexer slows down with
 * the length of what it lexes in one go (measured here: about 40 ms per MB in
 * 64 KB pieces, 4.6 s for one 1 MB piece, 23 s for 2 MB), so a large import
 * would hold the server's event loop for minutes. Cutting the text where a new
 * top-level paragraph or heading starts changes nothing about how it parses:
 * such a line closes every open block (a paragraph, a list, a quote, a table).
 */

/** Pieces are cut at the first safe place after this many characters. */
export const MARKDOWN_PIECE_CHARS = 48 * 1024

/**
 * What can carry meaning across a blank line and a new paragraph: link
 * reference definitions (used anywhere in the text) and the HTML blocks that
 * end only at their closing tag. Text with any of them is parsed whole.
 */
const SPANS_BLANK_LINES = /^ {0,3}\[[^\]]+\]:|<!--|<(?:pre|script|style|textarea)\b/im

const FENCE = /^ {0,3}(`{3,}|~{3,})/
/** A line that starts a top-level paragraph or heading: no indent, no list marker, quote, table or fence. */
const STARTS_PLAIN_BLOCK = /^(?![-*+>|]|\d{1,9}[.)]|`{3}|~{3})\S/

/** Splits `markdown` into pieces that parse to the same blocks as the whole, in order (without the blank lines between them). */
export function markdownPieces(markdown: string, pieceChars = MARKDOWN_PIECE_CHARS): string[] {
  if (markdown.length <= pieceChars || SPANS_BLANK_LINES.test(markdown)) return [markdown]
  const lines = markdown.split('\n')
  const pieces: string[] = []
  let current: string[] = []
  let currentChars = 0
  let fence: string | null = null
  let previousBlank = false
  for (const line of lines) {
    const fenceMark = FENCE.exec(line)?.[1]
    if (fence === null && currentChars >= pieceChars && previousBlank && STARTS_PLAIN_BLOCK.test(line)) {
      // The blank lines only separated blocks; at the end of a piece they would read as an empty paragraph.
      while (current.at(-1)?.trim() === '') current.pop()
      pieces.push(current.join('\n'))
      current = []
      currentChars = 0
    }
    current.push(line)
    currentChars += line.length + 1
    if (fenceMark !== undefined) {
      if (fence === null) fence = fenceMark
      else if (fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null
    }
    previousBlank = line.trim() === ''
  }
  pieces.push(current.join('\n'))
  return pieces
}

/** The document `manager` reads from `markdown`, parsed piece by piece (markdownPieces). */
export function parseMarkdownInPieces(manager: MarkdownManager, markdown: string): JSONContent {
  const content = markdownPieces(markdown).flatMap((piece) => manager.parse(piece).content ?? [])
  return { type: 'doc', content }
}
