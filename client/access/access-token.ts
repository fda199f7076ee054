import { roomPath } from '../app/router.ts'

/**
 * Capability links carry their token in the URL fragment (`/r/<room>#token=<token>`):
 * browsers never send the fragment to the server with the page request, nor in a
 * Referer header, so the token reaches only this page's script.
 */
const TOKEN_PARAM = 'token'

/** The token in a location hash such as `#token=abc`, or null when there is none. */
export function readFragmentToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get(TOKEN_PARAM)
  return token ? token : null
}

/** The full link that opens `roomId` with `token`, for the share dialog and New document. */
export function capabilityLink(origin: string, roomId: string, token: string): string {
  return `${origin}${capabilityPath(roomId, token)}`
}

export function capabilityPath(roomId: string, token: string): string {
  return `${roomPath(roomId)}#${new URLSearchParams({ [TOKEN_PARAM]: token })}`
}
