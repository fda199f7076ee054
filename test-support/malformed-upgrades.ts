/**
 * WebSocket upgrade requests that never become a connection, written byte
 * for byte on a raw TCP socket: headers `ws` refuses, and valid requests
 * whose socket the client closes (or half-closes) before the handshake ends.
 * A server must give back whatever it reserved for each of them.
 */
import { connect } from 'node:net'

export interface MalformedUpgrade {
  readonly name: string
  /** Header lines beside Host. */
  readonly headers: readonly string[]
  readonly method: string
  /** What the client does after writing the request: wait for the server to close, send FIN and wait, or reset at once. */
  readonly then: 'wait' | 'half-close' | 'destroy'
}

const KEY = 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
const VERSION = 'Sec-WebSocket-Version: 13'
const UPGRADE = ['Connection: Upgrade', 'Upgrade: websocket']

export const MALFORMED_UPGRADES: readonly MalformedUpgrade[] = [
  { name: 'bad Sec-WebSocket-Key', method: 'GET', headers: [...UPGRADE, 'Sec-WebSocket-Key: short', VERSION], then: 'wait' },
  { name: 'no Sec-WebSocket-Key', method: 'GET', headers: [...UPGRADE, VERSION], then: 'wait' },
  { name: 'bad Sec-WebSocket-Version', method: 'GET', headers: [...UPGRADE, KEY, 'Sec-WebSocket-Version: 12'], then: 'wait' },
  { name: 'no Sec-WebSocket-Version', method: 'GET', headers: [...UPGRADE, KEY], then: 'wait' },
  { name: 'duplicate Sec-WebSocket-Protocol', method: 'GET', headers: [...UPGRADE, KEY, VERSION, 'Sec-WebSocket-Protocol: chat, chat'], then: 'wait' },
  { name: 'Upgrade other than websocket', method: 'GET', headers: ['Connection: Upgrade', 'Upgrade: h2c', KEY, VERSION], then: 'wait' },
  { name: 'POST upgrade', method: 'POST', headers: [...UPGRADE, KEY, VERSION, 'Content-Length: 0'], then: 'wait' },
  { name: 'valid request, half-closed at once', method: 'GET', headers: [...UPGRADE, KEY, VERSION], then: 'half-close' },
  { name: 'valid request, socket closed half way', method: 'GET', headers: [...UPGRADE, KEY, VERSION], then: 'destroy' },
]

/** Sends one malformed upgrade for `path`; resolves once the connection is closed, by the server or by this client. */
export function sendMalformedUpgrade(httpUrl: string, path: string, upgrade: MalformedUpgrade, extraHeaders: readonly string[] = []): Promise<void> {
  const url = new URL(httpUrl)
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname)
    socket.on('error', () => undefined)
    socket.on('close', () => resolve())
    socket.on('data', () => undefined)
    socket.on('connect', () => {
      socket.write([`${upgrade.method} ${path} HTTP/1.1`, `Host: ${url.host}`, ...upgrade.headers, ...extraHeaders, '', ''].join('\r\n'))
      if (upgrade.then === 'half-close') socket.end()
      if (upgrade.then === 'destroy') socket.destroy()
    })
  })
}
