import * as Y from 'yjs'

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

/** The document's first line of text, or '' for a document without any. */
export function readDocumentTitle(fragment: Y.XmlFragment): string {
  const line = firstLine(fragment)?.replace(/\s+/g, ' ') ?? ''
  return line.length > MAX_TITLE_LENGTH ? `${line.slice(0, MAX_TITLE_LENGTH - 1).trimEnd()}…` : line
}
