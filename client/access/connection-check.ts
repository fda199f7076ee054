import type { Permission } from '../../shared/access-api.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { recordDocumentAccess } from '../rooms/recent-documents.ts'
import { checkRoomAccess } from './access-api.ts'
import { refusalCloseCode } from './room-access.ts'
import type { RoomToken } from './room-token.ts'

export type ConnectionRefusal = { code: number; reason: string }

/**
 * What runs before every reconnect: refresh the token, hand it to the provider, and
 * ask the server over HTTP whether it still grants access. A WebSocket upgrade the
 * server refuses with 401/403 looks to the browser like any failed connection, so
 * without this a client whose token expired would retry forever; with it, the
 * refusal is shown like the server's 4401/4403 closes. When the server cannot be
 * reached the attempt goes ahead (and fails or succeeds on its own).
 */
export function createConnectionCheck(
  roomId: string,
  token: RoomToken,
  setParams: (params: Record<string, string>) => void,
  onGranted: (permission: Permission) => void,
): () => Promise<ConnectionRefusal | null> {
  return async () => {
    const value = await token.refresh()
    setParams(value === null ? {} : { token: value })
    const check = await checkRoomAccess(roomId, value)
    if (check.kind === 'refused') return { code: refusalCloseCode(check.status), reason: check.error }
    // Heard over HTTP (a WebSocket upgrade refused with 410 looks like any failed connection): the same as the server's 4410 close.
    if (check.kind === 'deleted') return { code: CloseCode.documentDeleted, reason: '' }
    if (check.kind === 'granted') {
      recordDocumentAccess(roomId, check.permission, value)
      onGranted(check.permission)
    }
    return null
  }
}
