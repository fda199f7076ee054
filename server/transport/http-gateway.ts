/**
 * The HTTP fallback endpoints, for networks where WebSockets are blocked
 * (wire format: shared/http-transport.ts):
 * - POST   /api/rooms/<room>/sessions                 → opens a session: 201 { session, cursor }
 * - POST   /api/rooms/<room>/sessions/<id>/messages   → a batch of messages to the room: 204
 * - GET    /api/rooms/<room>/sessions/<id>/messages?cursor=<n> → long poll: a poll reply
 * - DELETE /api/rooms/<room>/sessions/<id>             → leaves at once: 204
 *
 * Receiving is a long poll, not Server-Sent Events: proxies that buffer
 * responses (many corporate ones, and the very proxies that block WebSockets)
 * hold an SSE stream back until it ends, so its messages arrive late or never,
 * while a long poll is an ordinary request that ends with each answer and
 * works through anything that passes HTTP. The cost is a request per answer,
 * which the cursor makes safe to overlap and retry.
 *
 * Every request goes through the admission step like a WebSocket upgrade:
 * room-id rule, client address, Origin, `Authorization: Bearer` through the
 * same authorize hook; opening a session also takes a place within the
 * connection limits, held until the session ends. Later requests are checked
 * again (Origin, token) and must carry a token with the session's permission.
 * A refusal or the end of a session is answered with the HTTP status of its
 * typed reason and `{ error, closeCode }`, the WebSocket close code the same
 * reason would have closed a socket with, so a client handles both alike.
 * A session id that is unknown (or ended over a minute ago) gets 410: the
 * client opens a new session, whose first sync brings it up to date.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { BATCH_CONTENT_TYPE, batchMessages, checkBatch, encodePollReply, type HttpSessionOpened, type HttpTransportError } from '../../shared/http-transport.ts'
import type { Permission } from '../admission/authorization.ts'
import type { Admission } from '../admission/admission.ts'
import type { HttpTransportConfig } from '../config.ts'
import type { CloseReason } from '../close-reason.ts'
import type { SessionHub } from '../session/session-hub.ts'
import { closeCodeFor } from '../web/reason-codes.ts'
import { bearerToken, decodeSegment, readBody } from '../web/request.ts'
import { allowMethods, sendJson, sendRefusal } from '../web/response.ts'
import type { RouteHandler } from '../web/route-handler.ts'
import { HttpTransport, type HttpSessionEnd } from './http-transport.ts'
import { WaitingBytes } from './waiting-bytes.ts'

const SESSIONS_PATH = /^\/api\/rooms\/([^/]+)\/sessions(?:\/([^/]+)(\/messages)?)?$/
/** An ended session answers with its reason this long, then it is unknown. */
const ENDED_KEPT_MS = 60_000
/** POSTed batches of one session being read or waiting while it is paused; more is a client not waiting for its answers. */
const MAX_WAITING_BATCHES = 4

export interface HttpGatewayOptions {
  admission: Admission
  hub: SessionHub
  config: HttpTransportConfig
  maxMessageBytes: number
}

interface HttpSessionEntry {
  readonly roomId: string
  readonly clientAddress: string
  readonly permission: Permission
  readonly transport: HttpTransport
  /** The session's logger: its lines name the session, room, transport, client address, permission and user. */
  readonly log: Logger
  /** POSTs of this session whose body is being read or whose batch waits to be delivered. */
  batchesInFlight: number
}

const REPLY_PIECE_BYTES = 64 * 1024
/** RFC 6455's "try again later": the answer to a POST sent before the previous ones were answered. */
const TRY_AGAIN_LATER = 1013

/** What a 405 adds for the client: the close code of a policy violation. */
const METHOD_NOT_ALLOWED = { closeCode: 1008 } satisfies Omit<HttpTransportError, 'error'>

const UNKNOWN_SESSION: HttpSessionEnd = { status: 410, closeCode: 1006, message: 'No such session (it ended, or never existed); open a new one' }

export function createHttpGateway(options: HttpGatewayOptions): RouteHandler {
  const sessions = new Map<string, HttpSessionEntry>()
  const { maxBatchBytes, maxMessagesPerBatch } = options.config
  const waitingBytes = new WaitingBytes(options.config.maxWaitingBytesPerAddress)

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://api.invalid')
    const match = SESSIONS_PATH.exec(url.pathname)
    if (!match) return false
    const roomId = decodeSegment(match[1]!)
    const sessionId = match[2] === undefined ? null : decodeSegment(match[2])
    const messages = match[3] !== undefined
    if (sessionId === null) {
      if (allowMethods(request, response, ['POST'], METHOD_NOT_ALLOWED)) await open(request, response, roomId)
      return true
    }
    if (!allowMethods(request, response, messages ? ['GET', 'POST'] : ['DELETE'], METHOD_NOT_ALLOWED)) return true
    const entry = await sessionFor(request, response, roomId, sessionId)
    if (!entry) return true
    const { transport } = entry
    if (request.method === 'DELETE') {
      transport.leave()
      response.writeHead(204, { 'Cache-Control': 'no-store' }).end()
      return true
    }
    await transport.serve(() => (request.method === 'GET' ? poll(response, transport, url) : send(request, response, entry)))
    return true
  }

  async function open(request: IncomingMessage, response: ServerResponse, roomId: string): Promise<void> {
    const token = bearerToken(request)
    if (token === undefined) return refuse(response, { kind: 'badRequest', message: 'The Authorization header must be "Bearer <token>"' })
    const result = await options.admission.admit({ roomId, socketAddress: request.socket.remoteAddress ?? 'unknown', headers: request.headers, token })
    if (!result.admitted) return refuse(response, result.reason)
    // A client gone while admission ran would never learn its session id: its slots are given back at once, not when the session idles out.
    if (response.destroyed) return result.reservation.release()
    const id = randomBytes(18).toString('base64url')
    const transport = new HttpTransport({
      pollTimeoutMs: options.config.pollTimeoutMs,
      idleTimeoutMs: options.config.sessionIdleMs,
      onEnded: () => setTimeout(() => sessions.delete(id), ENDED_KEPT_MS).unref(),
    })
    const session = options.hub.open(transport, result.reservation, result.grant)
    sessions.set(id, { roomId: result.reservation.roomId, clientAddress: result.reservation.clientAddress, permission: session.permission, transport, log: session.log, batchesInFlight: 0 })
    sendJson(response, 201, { session: id, cursor: 0 } satisfies HttpSessionOpened)
  }

  /** The open session the request may use; null once a refusal was sent. */
  async function sessionFor(request: IncomingMessage, response: ServerResponse, roomId: string, sessionId: string): Promise<HttpSessionEntry | null> {
    const token = bearerToken(request)
    if (token === undefined) {
      refuse(response, { kind: 'badRequest', message: 'The Authorization header must be "Bearer <token>"' })
      return null
    }
    const checked = await options.admission.check({ roomId, socketAddress: request.socket.remoteAddress ?? 'unknown', headers: request.headers, token })
    if (!checked.admitted) {
      refuse(response, checked.reason)
      return null
    }
    const entry = sessions.get(sessionId)
    if (!entry || entry.roomId !== checked.roomId) {
      sendEnd(response, UNKNOWN_SESSION)
      return null
    }
    if (checked.grant.permission !== entry.permission) {
      refuse(response, { kind: 'forbidden', message: `This session was opened with ${entry.permission} access; open a new one with this token` })
      return null
    }
    const end = entry.transport.end
    if (end) {
      sendEnd(response, end)
      return null
    }
    return entry
  }

  async function poll(response: ServerResponse, transport: HttpTransport, url: URL): Promise<void> {
    const cursorText = url.searchParams.get('cursor') ?? ''
    if (!/^\d{1,15}$/.test(cursorText)) {
      return refuse(response, { kind: 'badRequest', message: 'The cursor must be a whole number: 0 for the first poll, then the one the last reply leads to' })
    }
    const abandoned = new AbortController()
    const onClose = () => abandoned.abort()
    response.once('close', onClose)
    const outcome = await transport.poll(Number(cursorText), abandoned.signal)
    response.off('close', onClose)
    switch (outcome.kind) {
      case 'reply': {
        const body = encodePollReply(outcome.reply)
        response.writeHead(200, { 'Content-Type': BATCH_CONTENT_TYPE, 'Cache-Control': 'no-store', 'Content-Length': body.byteLength })
        await writeInPieces(response, body, () => transport.readingReply())
        return
      }
      case 'ended':
        return sendEnd(response, outcome.end)
      case 'badCursor':
        return refuse(response, { kind: 'badRequest', message: outcome.message })
      case 'abandoned':
        return
    }
  }

  /**
   * A POSTed batch. Its body counts toward the session's and the address's
   * waiting limits from before it is read until its batch was delivered; its
   * bytes are spent from the session's budget and its messages counted
   * before any is decoded, so a body of many tiny messages costs its bytes
   * and nothing more.
   */
  async function send(request: IncomingMessage, response: ServerResponse, entry: HttpSessionEntry): Promise<void> {
    const { transport } = entry
    const contentType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
    if (contentType !== BATCH_CONTENT_TYPE) {
      return refuse(response, { kind: 'unsupportedData', message: `Send a batch of binary y-websocket messages as ${BATCH_CONTENT_TYPE}` })
    }
    if (entry.batchesInFlight >= MAX_WAITING_BATCHES) {
      return tryAgainLater(response, 'Too many batches wait for this session; send the next once the last one is answered')
    }
    entry.batchesInFlight += 1
    const allowance = waitingBytes.forBody(entry.clientAddress)
    try {
      const reading = await readBody(request, maxBatchBytes, allowance)
      switch (reading.kind) {
        case 'aborted':
          return
        case 'tooBig':
          response.setHeader('Connection', 'close')
          return endSession(response, entry, { kind: 'messageTooBig', message: `The batch is over ${maxBatchBytes} bytes` })
        case 'overWaitingLimit':
          response.setHeader('Connection', 'close')
          return tryAgainLater(response, `Over ${waitingBytes.maxBytesPerAddress} bytes of batches wait from your address; send the next once the last ones are answered`)
      }
      transport.prepayBytes(reading.body.byteLength)
      const check = checkBatch(reading.body, options.maxMessageBytes, maxMessagesPerBatch)
      if (!check.ok) return endSession(response, entry, { kind: check.problem === 'malformed' ? 'malformedMessage' : 'messageTooBig', message: check.message })
      const end = await transport.receive(batchMessages(reading.body))
      if (end) return sendEnd(response, end)
      response.writeHead(204, { 'Cache-Control': 'no-store' }).end()
    } finally {
      entry.batchesInFlight -= 1
      allowance.release()
    }
  }

  /** Like a WebSocket frame the server cannot take: the session ends with the reason, which the client is told at once. */
  function endSession(response: ServerResponse, entry: HttpSessionEntry, reason: CloseReason): void {
    entry.log.warn({ reason: reason.kind }, 'closing HTTP session after bad input')
    entry.transport.close(reason)
    refuse(response, reason)
  }
}

/**
 * Writes a reply in pieces, waiting for each to drain: a client downloading a
 * large reply (the whole of a big document) shows progress with every piece,
 * so it is never taken for one that stopped reading (see DeliveryWatch).
 */
async function writeInPieces(response: ServerResponse, body: Uint8Array, onProgress: () => void): Promise<void> {
  for (let offset = 0; offset < body.byteLength && !response.destroyed; offset += REPLY_PIECE_BYTES) {
    if (!response.write(body.subarray(offset, offset + REPLY_PIECE_BYTES))) {
      await new Promise<void>((resolve) => {
        response.once('drain', resolve)
        response.once('close', resolve)
      })
    }
    onProgress()
  }
  response.end()
}

/** 429 with Retry-After: the client (HttpPollingSocket) waits and sends again. */
function tryAgainLater(response: ServerResponse, message: string): void {
  response.setHeader('Retry-After', '1')
  sendEnd(response, { status: 429, closeCode: TRY_AGAIN_LATER, message })
}

/** A refusal with the WebSocket close code the same reason would have closed a socket with. */
function refuse(response: ServerResponse, reason: CloseReason): void {
  sendRefusal(response, reason, { closeCode: closeCodeFor(reason.kind) } satisfies Omit<HttpTransportError, 'error'>)
}

function sendEnd(response: ServerResponse, end: HttpSessionEnd): void {
  sendJson(response, end.status, { error: end.message, closeCode: end.closeCode } satisfies HttpTransportError)
}

