import { MarkdownManager } from '@tiptap/markdown'
import { documentExtensions } from './document-schema.ts'
import { escapeTextReadably } from './markdown-text-escaping.ts'

/**
 * The one Markdown conversion of the document schema, both ways: the editor's paste and
 * download and the server's documents use it, so a document reads and writes the same everywhere.
 */
export function createDocumentMarkdown(): MarkdownManager {
  return escapeTextReadably(new MarkdownManager({ extensions: documentExtensions }), documentExtensions)
}
