import { capabilityPath } from '../access/access-token.ts'
import { roomPath } from '../app/router.ts'
import { recordCreatedDocument } from './recent-documents.ts'

/**
 * The address to open a room the server just created at. In links mode the creator
 * keeps both of its links in the recent-documents list and opens the edit link.
 */
export function createdRoomPath({ room, editToken, viewToken }: { room: string; editToken: string | null; viewToken: string | null }): string {
  if (editToken === null) return roomPath(room)
  recordCreatedDocument(room, viewToken === null ? { edit: editToken } : { edit: editToken, view: viewToken })
  return capabilityPath(room, editToken)
}
