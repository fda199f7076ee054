import { deleteDeviceCopy } from '../offline/device-copy.ts'
import { forgetCreatedHere } from './created-here.ts'
import { forgetDocument } from './recent-documents.ts'

/**
 * The server said the document was deleted: this device forgets it too, so that it
 * neither stays in the recent list nor opens again from its copy when offline.
 */
export function forgetDeletedDocument(roomId: string): Promise<void> {
  forgetDocument(roomId)
  forgetCreatedHere(roomId)
  return deleteDeviceCopy(roomId)
}
