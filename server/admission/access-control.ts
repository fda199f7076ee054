/**
 * Access control of the configured mode (AUTH_MODE): the authorization hook
 * the admission step asks, who may create a room (POST /api/rooms,
 * server/http/room-creation-route.ts) and what its creator receives. An
 * implementation must keep `authorize`'s guarantees (see authorization.ts);
 * the room's creation record is the store's, not the access control's.
 */
import type { AuthMode } from '../../shared/access-api.ts'
import type { AccessConfig } from '../config.ts'
import { openAccess, type Authorize } from './authorization.ts'

export interface AccessControl {
  readonly mode: AuthMode
  readonly authorize: Authorize
  /** Who may create a room: anyone, or only the bearer of a token that lets it edit the room it names. */
  readonly createdBy: 'anyone' | 'roomEditors'
  /** What the creator of a new room receives with its id: its edit and view tokens in links mode, nothing otherwise. */
  creatorTokens(roomId: string): Promise<{ editToken: string; viewToken: string } | null>
}

/** Open mode, the embedded default: anyone with a room's URL may edit; anyone may create a room. */
export const openAccessControl: AccessControl = {
  mode: 'open',
  authorize: openAccess,
  createdBy: 'anyone',
  creatorTokens: async () => null,
}

/** Imports the mode's key; a key that does not import is a ConfigError. jose is loaded only by the modes that use it. */
export async function createAccessControl(config: AccessConfig): Promise<AccessControl> {
  switch (config.mode) {
    case 'open':
      return openAccessControl
    case 'links':
      return (await import('./link-access.ts')).linkAccess(config.secret)
    case 'jwt':
      return (await import('./jwt-access.ts')).jwtAccess(config.key, config.expected)
  }
}
