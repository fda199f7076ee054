/**
 * The authorization hook of the admission step: given who asks for which
 * room, it grants an identity and a permission, or refuses with a typed
 * reason. An implementation must never log a token, must not assume the
 * request is a WebSocket (HTTP transports go through the same hook), and must
 * resolve (never reject) for a refusal.
 */
import type { Permission } from '../../shared/access-api.ts'
import type { CloseReason } from '../close-reason.ts'

export type { Permission }

export interface Identity {
  /** Who the credentials name (e.g. a token's subject); null when anonymous. */
  readonly subject: string | null
  /** A display name the credentials carry, if any. */
  readonly name: string | null
}

export interface Grant {
  readonly identity: Identity
  readonly permission: Permission
  /** When the credentials stop working (ms since the epoch): the session ends then. Null: never. */
  readonly expiresAt: number | null
}

export interface AuthorizationRequest {
  readonly roomId: string
  readonly clientAddress: string
  /** `?token=` on the WebSocket URL, or `Authorization: Bearer` on HTTP; null when absent. */
  readonly token: string | null
}

export type Authorize = (request: AuthorizationRequest) => Promise<Grant | { refused: CloseReason }>

const ANONYMOUS: Identity = { subject: null, name: null }

/** Open mode, the embedded default: anyone with the room's URL may edit. */
export const openAccess: Authorize = async () => ({ identity: ANONYMOUS, permission: 'edit', expiresAt: null })
