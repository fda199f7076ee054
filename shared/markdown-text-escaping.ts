import { getSchema, type Extensions, type JSONContent } from '@tiptap/core'
import type { MarkdownManager } from '@tiptap/markdown'

/**
 * The escaping of one run of prose text, so that Markdown readers show exactly these
 * characters and nothing in them becomes structure:
 * - inline delimiters (`\` `` ` `` `*` `_` `[` `]` `~`) and `|` (a table cell's edge) get a backslash;
 * - `<` before what could be a tag or an autolink, and `&` before what could be an entity,
 *   get a backslash: every other `&`, `<` and `>` is written as the character itself;
 * - at the start of a line (`atLineStart`, and after every line break inside the text),
 *   what would open a block gets a backslash: `#` (heading), `-` `+` `=` (list, rule,
 *   underline), `>` (quote), the `.` or `)` after a number (ordered list).
 */
export function escapeMarkdownText(text: string, atLineStart: boolean): string {
  const inline = text
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
  const blockOpener = /(^|\n)([ \t]*)(?:([#>+=-])|(\d{1,9})([.)]))/g
  return inline.replace(blockOpener, (match, start: string, indent: string, marker?: string, digits?: string, delimiter?: string) => {
    if (start === '' && !atLineStart) return match
    return marker !== undefined ? `${start}${indent}\\${marker}` : `${start}${indent}${digits}\\${delimiter}`
  })
}

/** Whether a text node begins a line of its block: it comes first, or right after a line break. */
function startsLine(node: JSONContent, parent: JSONContent | undefined): boolean {
  const siblings = parent?.content
  if (siblings === undefined) return false
  const index = siblings.indexOf(node)
  return index === 0 || siblings[index - 1]?.type === 'hardBreak'
}

/**
 * MarkdownManager (at the pinned 3.31.3) encodes each text node in this one method: it writes
 * HTML entities (`&amp;`) and escapes only inline delimiters, so a `|` breaks a table and a
 * leading `#` turns into a heading when the file is read back. It has no option for this, so
 * the method is replaced on the instance; the round-trip tests in markdown-text-escaping.test.ts
 * fail if an upgrade stops calling it.
 */
interface TextEncoding {
  encodeTextForMarkdown(text: string, node: JSONContent, parentNode?: JSONContent): string
}

/** Makes `manager` write prose text with escapeMarkdownText, and code (the schema's `code` types) as it is. */
export function escapeTextReadably(manager: MarkdownManager, extensions: Extensions): MarkdownManager {
  const schema = getSchema(extensions)
  const codeTypes = new Set([...Object.values(schema.nodes), ...Object.values(schema.marks)].filter((type) => type.spec.code === true).map((type) => type.name))
  const encoding: TextEncoding = {
    encodeTextForMarkdown(text, node, parentNode) {
      const inCode = (parentNode?.type !== undefined && codeTypes.has(parentNode.type)) || (node.marks ?? []).some((mark) => codeTypes.has(mark.type))
      return inCode ? text : escapeMarkdownText(text, startsLine(node, parentNode))
    },
  }
  return Object.assign(manager, encoding)
}
