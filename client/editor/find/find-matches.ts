import type { Node as ProseMirrorNode } from '@tiptap/pm/model'

/** A match of the find query: document positions, `from` inclusive, `to` exclusive. */
export interface FindMatch {
  from: number
  to: number
}

/** Stands in for an inline node that is not text (a line break, an image): it holds one position and never matches. */
const NOT_TEXT = '\uFFFC'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Every occurrence of `query` in the document's text, in document order, not
 * overlapping. A match never spans two blocks (paragraphs, cells, list items):
 * people search for words and phrases, not for text run across a paragraph end.
 * Ignoring case uses Unicode simple case folding, which keeps every character's
 * length, so string offsets stay document offsets.
 */
export function findMatches(doc: ProseMirrorNode, query: string, matchCase: boolean): FindMatch[] {
  if (query === '') return []
  const pattern = new RegExp(escapeRegExp(query), matchCase ? 'gu' : 'giu')
  const matches: FindMatch[] = []
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true
    let text = ''
    node.forEach((child) => {
      text += child.isText ? (child.text ?? '') : NOT_TEXT.repeat(child.nodeSize)
    })
    // The block's content starts one position after the block itself.
    const start = position + 1
    for (const match of text.matchAll(pattern)) {
      matches.push({ from: start + match.index, to: start + match.index + match[0].length })
    }
    return false
  })
  return matches
}
