import type { Permission } from '../../shared/access-api.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { AccessCheck, RoomExistence } from './access-api.ts'

/** What the room page shows once access is known. */
export type RoomAccess =
  /** Also when the server cannot be asked: the connection status then says the page is offline. */
  | { page: 'document'; permission: Permission }
  /** Access is granted but no document was ever created there: a wrong link, or a document not started yet. */
  | { page: 'missing'; permission: Permission }
  /** The document was deleted (on the server, by its API): this device forgets it. */
  | { page: 'deleted' }
  | { page: 'refused'; title: string; message: string; /** the server's own sentence, if it gave one */ detail: string | null }
  /** Nothing on this device to fall back on and no server to ask. */
  | { page: 'unreachable'; title: string; message: string }

export interface AccessContext {
  /** A token came with the page (link or device); without one, "this link is not valid" makes no sense. */
  hadToken: boolean
  /**
   * The permission to open with when the server cannot be asked: the last one granted
   * for this room on this device, or `edit` in open mode; null when there is none.
   */
  offlinePermission: Permission | null
  /** What GET /api/rooms/<room> said (404 missing, 410 deleted); null when it was not asked or gave no answer. */
  existence: RoomExistence | null
}

const ASK_AGAIN = 'Ask the person who shared it with you for a new link.'

export function decideRoomAccess(check: AccessCheck, context: AccessContext): RoomAccess {
  switch (check.kind) {
    case 'granted':
      if (context.existence === 'deleted') return { page: 'deleted' }
      return { page: context.existence === 'missing' ? 'missing' : 'document', permission: check.permission }
    case 'deleted':
      return { page: 'deleted' }
    case 'unreachable':
      return context.offlinePermission !== null
        ? { page: 'document', permission: context.offlinePermission }
        : {
            page: 'unreachable',
            title: 'This document is not on this device',
            message:
              'It has not been opened on this device before, and Seed cannot reach the server to fetch it. Connect to the network and try again.',
          }
    case 'refused': {
      const detail = check.error || null
      if (check.status === 403) {
        return {
          page: 'refused',
          title: 'This link does not give access to this document',
          message: `It may be meant for another document, or its access may have been withdrawn. ${ASK_AGAIN}`,
          detail,
        }
      }
      if (check.status === 401 && !context.hadToken) {
        // The server's sentence is written for any client (where to put a token); this one is for people.
        return {
          page: 'refused',
          title: 'This document needs a sharing link',
          message: `Open it with the full link you were given: the part after “#” is what gives access. ${ASK_AGAIN}`,
          detail: null,
        }
      }
      return {
        page: 'refused',
        title: 'This link is not valid',
        message: `It may have been cut short, changed or expired. ${ASK_AGAIN}`,
        detail,
      }
    }
  }
}

/** The close code that stands for an access refusal heard over HTTP, so the status says it like a socket refusal. */
export function refusalCloseCode(status: number): number {
  return status === 403 ? CloseCode.forbidden : CloseCode.unauthorized
}
