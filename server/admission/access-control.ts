/**
 * Access control of the configured mode (AUTH_MODE): the authorization hook
 * the admission step asks, and what creating a room (POST /api/rooms) gives
 * the creator. An implementation must keep `authorize`'s guarantees (see
 * authorization.ts) and must not store anything when creating a room: a room
 * exists once someone writes to it.
 */
import type { AuthMode, CreatedRoomResponse } from '../../shared/access-api.ts'
import { createRoomId } from '../../shared/room-id.ts'
import type { AccessConfig } from '../config.ts'
import type { CloseReason } from '../session/close-reason.ts'
import { openAccess, type Authorize } from './authorization.ts'

export interface AccessControl {
  readonly mode: AuthMode
  readonly authorize: Authorize
  /** A new room id for its creator, with its capability tokens in links mode; a refusal where rooms are created elsewhere. */
  createRoom(): Promise<CreatedRoomResponse | { refused: CloseReason }>
}

/** Open mode, the embedded default: anyone with a room's URL may edit; anyone may create a room. */
export const openAccessControl: AccessControl = {
  mode: 'open',
  authorize: openAccess,
  createRoom: async () => ({ room: createRoomId() }),
}

/** Imports the mode's key; a key that does not import is a ConfigError. jose is loaded only by the modes that use it. */
export async function createAccessControl(config: AccessConfig): Promise<AccessControl> {
  switch (config.mode) {
    case 'open':
      return openAccessControl
    case 'links':
      return (await import('./link-access.ts')).linkAccess(config.secret)
    case 'jwt':
      return (await import('./jwt-access.ts')).jwtAccess(config.key)
  }
}
