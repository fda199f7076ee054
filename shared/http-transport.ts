/**
 * The wire format of the HTTP fallback transport (server:
 * server/transport/http-transport.ts and http-gateway.ts; client:
 * client/connection/http-polling-socket.ts), shared so both sides use one
 * implementation. It carries exactly the y-websocket messages a WebSocket
 * would carry, only framed differently:
 *
 * - a batch (the body of a POST, and the tail of a poll reply) is messages
 *   back to back, each prefixed by its length as a lib0 varuint;
 * - a poll reply is `varuint firstSeq`, `varuint reset` (0 or 1), then a
 *   batch: the messages numbered firstSeq, firstSeq + 1, … of the session's
 *   outgoing sequence. The client keeps a cursor (the number of the next
 *   message it wants), skips messages below it (an overlapping or retried
 *   poll may bring them twice) and moves it past what it applied. `reset`
 *   says the cursor asked for was too old to be served without a gap: the
 *   client moves its cursor up to firstSeq, and the messages from there
 *   include a full sync (the whole document and everyone's awareness).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/** POST: opens a polling session in the room; the answer is `HttpSessionOpened`. */
export const httpSessionsPath = (room: string) => `/api/rooms/${encodeURIComponent(room)}/sessions`
/** POST a batch to send; GET `?cursor=<n>` to receive (long poll); DELETE to leave. */
export const httpSessionPath = (room: string, session: string) => `${httpSessionsPath(room)}/${encodeURIComponent(session)}`
export const httpMessagesPath = (room: string, session: string) => `${httpSessionPath(room, session)}/messages`

export const BATCH_CONTENT_TYPE = 'application/octet-stream'

/** One request of a client's session: the path below the server's origin and what to send there. */
export interface HttpSessionRequest {
  path: string
  method: 'POST' | 'GET' | 'DELETE'
  headers?: Record<string, string>
  body?: Blob
}

/** The requests a client makes, one place for the app's socket and for tests that drive the wire themselves. */
export const httpSessionRequests = {
  /** Answered 201 with `HttpSessionOpened`. */
  open: (room: string): HttpSessionRequest => ({ path: httpSessionsPath(room), method: 'POST' }),
  /** `body` is a batch (`encodeBatch`); tests send other bytes, and other types, to see them refused. */
  send: (room: string, session: string, body: Uint8Array, contentType = BATCH_CONTENT_TYPE): HttpSessionRequest => ({
    path: httpMessagesPath(room, session),
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: new Blob([body as Uint8Array<ArrayBuffer>]),
  }),
  /** The long poll for the messages numbered `cursor` on; answered 200 with a poll reply (`readPollReply`). */
  poll: (room: string, session: string, cursor: number | string): HttpSessionRequest => ({
    path: `${httpMessagesPath(room, session)}?cursor=${cursor}`,
    method: 'GET',
  }),
  leave: (room: string, session: string): HttpSessionRequest => ({ path: httpSessionPath(room, session), method: 'DELETE' }),
}

export interface HttpSessionOpened {
  session: string
  /** The cursor of the first poll. */
  cursor: number
}

/** The JSON body of every refusal or end of an HTTP session: the reason, and the WebSocket close code it stands for. */
export interface HttpTransportError {
  error: string
  closeCode: number
}

export interface PollReply {
  firstSeq: number
  reset: boolean
  messages: Uint8Array[]
}

/** The most messages the app's client puts in one POST; a server accepts at least this many per batch (HTTP_MAX_MESSAGES_PER_BATCH). */
export const CLIENT_MAX_BATCH_MESSAGES = 1024

export type BatchCheck = { ok: true; count: number } | { ok: false; problem: 'malformed' | 'tooBig' | 'tooMany'; message: string }

export function encodeBatch(messages: readonly Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder()
  writeBatch(encoder, messages)
  return encoding.toUint8Array(encoder)
}

/**
 * Checks a batch by its length prefixes alone, creating nothing per message,
 * so a body of millions of tiny messages costs no more than its bytes before
 * it is refused. Refuses an empty batch, a truncated one, an empty message,
 * one over `maxMessageBytes` and more than `maxMessages` messages.
 */
export function checkBatch(body: Uint8Array, maxMessageBytes: number, maxMessages: number): BatchCheck {
  const decoder = decoding.createDecoder(body)
  let count = 0
  while (decoding.hasContent(decoder)) {
    if (count === maxMessages) return { ok: false, problem: 'tooMany', message: `The batch has more than ${maxMessages} messages; send at most ${maxMessages} per request` }
    let length: number
    try {
      length = decoding.readVarUint(decoder)
    } catch {
      return { ok: false, problem: 'malformed', message: `The batch ends inside a length prefix after ${count} messages` }
    }
    if (length > maxMessageBytes) return { ok: false, problem: 'tooBig', message: `A message of ${length} bytes is over the limit of ${maxMessageBytes} bytes` }
    if (length === 0) return { ok: false, problem: 'malformed', message: `Message ${count + 1} of the batch is empty` }
    if (decoder.pos + length > body.byteLength) {
      return { ok: false, problem: 'malformed', message: `Message ${count + 1} of the batch claims ${length} bytes; only ${body.byteLength - decoder.pos} follow` }
    }
    decoder.pos += length
    count += 1
  }
  if (count === 0) return { ok: false, problem: 'malformed', message: 'The batch is empty: send one or more length-prefixed y-websocket messages' }
  return { ok: true, count }
}

/** The messages of a batch that passed `checkBatch`, one view into `body` at a time, made only when asked for. */
export function* batchMessages(body: Uint8Array): Generator<Uint8Array, void, undefined> {
  const decoder = decoding.createDecoder(body)
  while (decoding.hasContent(decoder)) yield decoding.readVarUint8Array(decoder)
}

export function encodePollReply(reply: PollReply): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, reply.firstSeq)
  encoding.writeVarUint(encoder, reply.reset ? 1 : 0)
  writeBatch(encoder, reply.messages)
  return encoding.toUint8Array(encoder)
}

/** Throws on a reply that does not decode: the server and client disagree about the protocol. */
export function decodePollReply(body: Uint8Array): PollReply {
  const decoder = decoding.createDecoder(body)
  const firstSeq = decoding.readVarUint(decoder)
  const reset = decoding.readVarUint(decoder) === 1
  const messages: Uint8Array[] = []
  while (decoding.hasContent(decoder)) {
    const length = decoding.readVarUint(decoder)
    if (decoder.pos + length > body.byteLength) throw new Error('A poll reply ended inside a message')
    messages.push(decoding.readUint8Array(decoder, length))
  }
  return { firstSeq, reset, messages }
}

/** The reply a poll answered 200 carries; throws like `decodePollReply`. */
export async function readPollReply(response: Response): Promise<PollReply> {
  return decodePollReply(new Uint8Array(await response.arrayBuffer()))
}

function writeBatch(encoder: encoding.Encoder, messages: readonly Uint8Array[]): void {
  for (const message of messages) encoding.writeVarUint8Array(encoder, message)
}
