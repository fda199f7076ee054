import * as Y from 'yjs'
import { DOCUMENT_FIELD, TITLE_FIELD } from './document-schema.ts'

const MAX_TITLE_LENGTH = 80

function textOf(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[])
      .map((op) => (typeof op.insert === 'string' ? op.insert : ''))
      .join('')
  }
  if (node instanceof Y.XmlElement) return node.toArray().map(textOf).join('')
  return ''
}

/** The first block (paragraph, heading, list item…) with visible text, depth first. */
function firstLine(parent: Y.XmlFragment | Y.XmlElement): string | null {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    const holdsText = child.toArray().some((grandchild) => grandchild instanceof Y.XmlText)
    // A code block keeps its newlines: only its first non-blank line counts.
    const line = holdsText ? textOf(child).split('\n').find((part) => part.trim())?.trim() : firstLine(child)
    if (line) return line
  }
  return null
}

/** One line of at most MAX_TITLE_LENGTH characters, '' when blank. */
function asTitle(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > MAX_TITLE_LENGTH ? `${line.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : line
}

/**
 * The document's title: the one people typed (TITLE_FIELD) when it is not blank,
 * otherwise the document's first line of text; '' for a document without either.
 */
export function readDocumentTitle(doc: Y.Doc): string {
  return asTitle(doc.getText(TITLE_FIELD).toString()) || asTitle(firstLine(doc.getXmlFragment(DOCUMENT_FIELD)) ?? '')
}

/**
 * Replaces the typed title in one transaction (a blank one falls back to the first
 * line). Callers wanting an origin wrap this in their own doc.transact(…, origin).
 */
export function setDocumentTitle(doc: Y.Doc, title: string): void {
  const text = doc.getText(TITLE_FIELD)
  // An unchanged title would still make an update that everyone stores and relays.
  if (text.toString() === title) return
  doc.transact(() => {
    text.delete(0, text.length)
    text.insert(0, title)
  })
}

/**
 * Calls `onChange` whenever the typed title or the document's content changes: the
 * two things a title is read from. Returns the function that stops listening.
 */
export function observeTitleSources(doc: Y.Doc, onChange: () => void): () => void {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD)
  const title = doc.getText(TITLE_FIELD)
  fragment.observeDeep(onChange)
  title.observe(onChange)
  return () => {
    fragment.unobserveDeep(onChange)
    title.unobserve(onChange)
  }
}
