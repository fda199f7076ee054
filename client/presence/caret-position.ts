import type { EditorState } from '@tiptap/pm/state'
// The helpers CollaborationCaret draws carets with (a dependency of the Collaboration extensions).
import { relativePositionToAbsolutePosition, ySyncPluginKey, type ProsemirrorBinding } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

interface SyncState {
  doc: Y.Doc | null
  type: Y.XmlFragment
  binding: ProsemirrorBinding | null
}

function headOf(cursor: unknown): unknown {
  if (typeof cursor !== 'object' || cursor === null) return null
  return (cursor as { head?: unknown }).head ?? null
}

/**
 * Where someone's caret is in this editor's document: their awareness `cursor` holds
 * Yjs relative positions, turned into a ProseMirror position the way the caret
 * decorations do it. Null when they have no caret or it points at nothing known here.
 */
export function caretPosition(state: EditorState, cursor: unknown): number | null {
  const sync = ySyncPluginKey.getState(state) as SyncState | undefined
  const head = headOf(cursor)
  if (!sync?.doc || !sync.binding || head === null) return null
  try {
    const position = relativePositionToAbsolutePosition(sync.doc, sync.type, Y.createRelativePositionFromJSON(head), sync.binding.mapping)
    return position === null ? null : Math.min(position, Math.max(state.doc.content.size - 1, 0))
  } catch {
    // Awareness comes from other clients: a malformed position is no caret.
    return null
  }
}
