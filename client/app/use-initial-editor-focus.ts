import { useEffect, type RefObject } from 'react'
import type { RoomSession } from '../connection/use-room-session.ts'

/**
 * Puts the caret in the editor once the document is shown, so the first
 * keystroke lands in it: a new document, or one opened from a link (ProseMirror
 * starts with its selection at the start). Not when someone else is already in
 * the room (their document, their place; the reader picks where to start) and
 * not for a view-only reader.
 */
export function useInitialEditorFocus(container: RefObject<HTMLElement | null>, session: RoomSession | null, ready: boolean, editable: boolean): void {
  useEffect(() => {
    if (!session || !ready || !editable) return
    // Awareness states arrive with the server's first answer, before the document counts as loaded from it.
    const othersHere = session.provider.awareness.getStates().size > 1
    if (!othersHere) container.current?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus()
    // Only when the document first shows (so `editable` is not a dependency): a later permission change must not move the caret.
  }, [container, session, ready])
}
