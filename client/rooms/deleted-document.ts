import { createRoom } from '../access/access-api.ts'
import { forgetCreatedHere, markCreatedHere } from './created-here.ts'
import { forgetDocument, recordCreatedDocument } from './recent-documents.ts'

/**
 * The server said the document was deleted: this device forgets it too, so that it
 * no longer stays in the recent list nor opens as this page's new document. Its copy
 * (IndexedDB) stays until the person chooses: restore the document from it, or delete it.
 * The copy is never sent anywhere meanwhile: the server refuses the deleted room's
 * connections, and without a recent entry the room does not open offline either.
 */
export function forgetDeletedDocument(roomId: string): void {
  forgetDocument(roomId)
  forgetCreatedHere(roomId)
}

/**
 * "Restore it from this device": creates the deleted document again under its id
 * (POST /api/rooms, which clears the server's tombstone), so that its links work again;
 * opening it then sends this device's copy like any changes made offline. In links and
 * jwt modes `token` must let its bearer edit the room, or the server refuses: the
 * error carries its sentence. Someone who restored it first (409) is no failure: the
 * copies merge.
 */
export async function restoreDeletedDocument(roomId: string, token: string | null): Promise<void> {
  const created = await createRoom(roomId, token)
  if (created.kind === 'unreachable') throw new Error('The server cannot be reached. Check your connection and try again.')
  if (created.kind === 'refused') throw new Error(created.error)
  // Links mode: the server signed the room's links again; kept for this device's reloads (the deletion forgot them).
  if (created.kind === 'created' && created.editToken !== null) {
    recordCreatedDocument(roomId, created.viewToken === null ? { edit: created.editToken } : { edit: created.editToken, view: created.viewToken })
  }
  markCreatedHere(roomId)
}
