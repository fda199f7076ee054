/**
 * What `ws` would refuse in a WebSocket upgrade request, checked before
 * admission reserves anything: `ws` answers such a request itself and never
 * calls back, so the gateway must not hold a connection slot for it. The
 * rules are those of ws 8's `handleUpgrade` (method, Upgrade,
 * Sec-WebSocket-Key, Sec-WebSocket-Version, Sec-WebSocket-Protocol; extensions
 * are not read with per-message deflate off). Should the two ever disagree,
 * the gateway still frees the slot when the socket closes.
 */
import type { IncomingMessage } from 'node:http'

/** A 16-byte nonce in base64 (RFC 6455 §4.2.1). */
const KEY = /^[+/0-9A-Za-z]{22}==$/
/** A comma-separated list of RFC 7230 tokens, whitespace allowed around the commas only. */
const TOKEN = "[!#$%&'*+\\-.0-9A-Z^_`a-z|~]+"
const PROTOCOL_LIST = new RegExp(`^${TOKEN}(?:[ \\t]*,[ \\t]*${TOKEN})*$`)

/** Why `ws` would refuse this upgrade request, or null when it would complete the handshake. */
export function handshakeProblem(request: Pick<IncomingMessage, 'method' | 'headers'>): string | null {
  const { headers } = request
  if (request.method !== 'GET') return 'A WebSocket upgrade must be a GET request'
  if (headers.upgrade?.toLowerCase() !== 'websocket') return 'The Upgrade header must be "websocket"'
  const key = headers['sec-websocket-key']
  if (key === undefined || !KEY.test(key)) return 'Sec-WebSocket-Key must be a base64-encoded 16-byte nonce'
  const version = Number(headers['sec-websocket-version'])
  if (version !== 13 && version !== 8) return 'Sec-WebSocket-Version must be 13'
  const protocols = headers['sec-websocket-protocol']
  if (protocols !== undefined && !isProtocolList(protocols)) return 'Sec-WebSocket-Protocol must be a comma-separated list of distinct tokens'
  return null
}

function isProtocolList(header: string): boolean {
  if (!PROTOCOL_LIST.test(header)) return false
  const names = header.split(',').map((name) => name.trim())
  return new Set(names).size === names.length
}
