/**
 * Token refresh for jwt mode: when Seed runs inside an iframe of the application
 * that mints its tokens, it asks that parent frame for a fresh token before every
 * reconnect, with a postMessage handshake:
 *
 *   Seed → parent   { type: 'seed:token-request', id, room }        (targetOrigin '*')
 *   parent → Seed   { type: 'seed:token', id, token: string | null }
 *
 * Why postMessage and not a global function the embedding page sets: Seed is its own
 * page, served by its own server under a CSP that allows no inline script, so an
 * embedding application cannot run code in Seed's window; an iframe, usually on
 * another origin, can only talk to its parent through messages. The request carries
 * no secret (the parent chose the room), so it may go to any origin; replies are
 * taken only from the parent window, and a token is only ever used against Seed's
 * own server, which verifies it. A parent that does not answer within a few seconds
 * leaves the current token in place.
 */

export const TOKEN_REQUEST_TYPE = 'seed:token-request'
export const TOKEN_REPLY_TYPE = 'seed:token'

const REPLY_TIMEOUT_MS = 3_000

let lastRequestId = 0

/** Whether there is a parent frame to ask. */
export function isEmbedded(): boolean {
  return window.parent !== window
}

/** A fresh token from the parent frame, or undefined when it did not answer in time. */
export function requestTokenFromEmbedder(room: string, timeoutMs = REPLY_TIMEOUT_MS): Promise<string | null | undefined> {
  const id = ++lastRequestId
  return new Promise((resolve) => {
    const finish = (token: string | null | undefined): void => {
      clearTimeout(timer)
      window.removeEventListener('message', onMessage)
      resolve(token)
    }
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== window.parent) return
      const data: unknown = event.data
      if (typeof data !== 'object' || data === null) return
      const reply = data as { type?: unknown; id?: unknown; token?: unknown }
      if (reply.type !== TOKEN_REPLY_TYPE || reply.id !== id) return
      finish(typeof reply.token === 'string' && reply.token ? reply.token : null)
    }
    const timer = setTimeout(() => finish(undefined), timeoutMs)
    window.addEventListener('message', onMessage)
    window.parent.postMessage({ type: TOKEN_REQUEST_TYPE, id, room }, '*')
  })
}
