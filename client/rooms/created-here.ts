/**
 * "This page created the room": kept in the history entry's state, so the room
 * opens as the new document it is (no not-found page before its first write)
 * also after going back and forth, while a copied link knows nothing of it.
 */
interface CreatedHereState {
  createdRoom: string
}

export function createdHereState(roomId: string): CreatedHereState {
  return { createdRoom: roomId }
}

export function wasCreatedHere(roomId: string): boolean {
  const state: unknown = history.state
  return typeof state === 'object' && state !== null && (state as Partial<CreatedHereState>).createdRoom === roomId
}

/** The person chose to start a document at this address (Create a document here). */
export function markCreatedHere(roomId: string): void {
  history.replaceState(createdHereState(roomId), '', location.href)
}

/** Forgets that this page created the room (it was deleted: a reload must ask the server again). */
export function forgetCreatedHere(roomId: string): void {
  if (wasCreatedHere(roomId)) history.replaceState(null, '', location.href)
}
