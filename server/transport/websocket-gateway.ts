/**
 * The WebSocket endpoint `/ws/<room>`: every upgrade request is checked for
 * what `ws` would refuse, then goes through the admission step (room-id rule,
 * client address, authorization, limits); a refusal is answered with an HTTP
 * status and a reason before anything is upgraded. An admitted socket's slots
 * are held by a PendingHandshake until `ws` completes the handshake, then it
 * becomes a WebSocketTransport under a Session in the hub.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Logger } from 'pino'
import { WS_PATH_PREFIX } from '../../shared/protocol.ts'
import type { Admission } from '../admission/admission.ts'
import type { CloseReason } from '../close-reason.ts'
import type { SessionHub } from '../session/session-hub.ts'
import { handshakeProblem } from './handshake-check.ts'
import { PendingHandshake } from './pending-handshake.ts'
import { httpStatusFor } from '../web/reason-codes.ts'
import { WebSocketTransport } from './websocket-transport.ts'

/** An admitted client's handshake that has not completed by then is dropped and its slots given back. */
const HANDSHAKE_TIMEOUT_MS = 10_000

export interface GatewayOptions {
  admission: Admission
  hub: SessionHub
  logger: Logger
  maxMessageBytes: number
}

export class WebSocketGateway {
  private readonly wss: WebSocketServer

  constructor(private readonly options: GatewayOptions) {
    // ws closes a frame over maxPayload with 1009 by itself.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false })
  }

  /** Admits or refuses an HTTP upgrade request. */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // The socket may fail while admission runs; its error must not crash the process.
    const ignoreError = () => undefined
    socket.on('error', ignoreError)
    const malformed = handshakeProblem(request)
    if (malformed !== null) {
      rejectUpgrade(socket, { kind: 'badRequest', message: malformed })
      return
    }
    const url = new URL(request.url ?? '/', 'http://upgrade.invalid')
    const result = await this.options.admission.admit({
      roomId: roomIdFromPath(url.pathname),
      socketAddress: request.socket.remoteAddress ?? 'unknown',
      headers: request.headers,
      token: url.searchParams.get('token'),
    })
    if (!result.admitted) {
      rejectUpgrade(socket, result.reason)
      return
    }
    const pending = new PendingHandshake(socket, result.reservation, HANDSHAKE_TIMEOUT_MS)
    socket.off('error', ignoreError)
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (pending.handOver()) this.options.hub.open(new WebSocketTransport(ws), result.reservation, result.grant)
      else ws.terminate()
    })
  }

  close(): void {
    this.wss.close()
  }
}

/** The raw room segment of `/ws/<room>`, decoded, or null for any other path. */
export function roomIdFromPath(path: string): string | null {
  const prefix = `${WS_PATH_PREFIX}/`
  if (!path.startsWith(prefix)) return null
  const raw = path.slice(prefix.length)
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

function rejectUpgrade(socket: Duplex, reason: CloseReason): void {
  const status = httpStatusFor(reason.kind)
  const body = `${reason.message}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
