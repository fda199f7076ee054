/**
 * WebSocket upgrade requests that never become a connection, written byte
 * for byte on a raw TCP socket: headers `ws` refuses, and valid requests
 * whose socket the client resets (or half-closes) before the handshake ends.
 * A server must give back whatever it reserved for each of them.
 * server/integration/handshake-slots.test.ts holds Seed to that; the
 * malformed-upgrade attack of bench/hostile-attacks.ts sends them to every
 * server and reports what each answered.
 */
import { connect } from 'node:net'

export interface MalformedUpgrade {
  readonly name: string
  /** Header lines beside Host. */
  readonly headers: readonly string[]
  readonly method: string
  /** What the client does after writing the request: wait for the answer, send FIN and wait, or reset at once. */
  readonly then: 'wait' | 'half-close' | 'reset'
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
  { name: 'valid request, socket reset half way', method: 'GET', headers: [...UPGRADE, KEY, VERSION], then: 'reset' },
]

/**
 * How many the bench sends, the kinds in turn: 234 of them in the 7 kinds
 * `ws` refuses alone, over Seed's default MAX_CONNECTIONS_PER_IP (200), so
 * that a server holding a slot for each refused one locks the address out.
 */
export const MALFORMED_UPGRADE_COUNT = 300

/** How long one upgrade waits for the server's answer or close before it is counted as unanswered. */
const ANSWER_BOUND_MS = 5_000

/**
 * Sends one malformed upgrade for `path`; resolves with what the server
 * answered ("HTTP 400", "closed, no answer", "ended by us" for the reset
 * kind, …) once the connection is closed, by the server or by this client.
 */
export function sendMalformedUpgrade(httpUrl: string, path: string, upgrade: MalformedUpgrade): Promise<string> {
  const url = new URL(httpUrl)
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname)
    let answer = ''
    const finish = (result: string) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(() => finish(`no answer within ${ANSWER_BOUND_MS / 1000} s`), ANSWER_BOUND_MS)
    socket.on('error', () => finish('connection error'))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1')
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)
      if (status) finish(`HTTP ${status[1]}`)
    })
    socket.on('close', () => finish(upgrade.then === 'reset' ? 'ended by us' : 'closed, no answer'))
    socket.on('connect', () => {
      const request = [`${upgrade.method} ${path} HTTP/1.1`, `Host: ${url.host}`, ...upgrade.headers, '', ''].join('\r\n')
      // Reset once the whole request is written: the server has it, and finds the client gone while it decides.
      if (upgrade.then === 'reset') socket.write(request, () => socket.resetAndDestroy())
      else socket.write(request)
      if (upgrade.then === 'half-close') socket.end()
    })
  })
}
