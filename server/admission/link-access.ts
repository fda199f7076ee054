/**
 * Links mode: creating a document yields two capability links, an edit link
 * and a view-only link, each carrying a token: a JWT signed HS256 with
 * AUTH_SECRET whose claims are `room` (exactly that room) and `perm`. A link
 * has no expiry: it works as long as the secret is unchanged (rotating
 * AUTH_SECRET revokes every link at once).
 */
import { SignJWT } from 'jose'
import type { Permission } from './authorization.ts'
import type { AccessControl } from './access-control.ts'
import { tokenAuthorizer } from './token-authorizer.ts'

const ALGORITHM = 'HS256'

export function linkAccess(secret: string): AccessControl {
  const key = new TextEncoder().encode(secret)
  const sign = (room: string, perm: Permission) => new SignJWT({ room, perm }).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).sign(key)
  return {
    mode: 'links',
    authorize: tokenAuthorizer({
      key,
      algorithms: [ALGORITHM],
      requiredClaims: [],
      prefixRooms: false,
      missingToken: 'This document opens only with a link that carries a token; ask whoever shared it for its edit or view link',
      remedy: 'ask whoever shared this document for a new link',
    }),
    // Anyone may start a document; its links are what give access to it.
    createdBy: 'anyone',
    async creatorTokens(room) {
      const [editToken, viewToken] = await Promise.all([sign(room, 'edit'), sign(room, 'view')])
      return { editToken, viewToken }
    },
  }
}
