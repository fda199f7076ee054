/**
 * Why a session ends or an admission is refused, as a typed reason. Rooms,
 * sessions and the admission step only ever name a reason; the transport edge
 * turns it into a WebSocket close code or an HTTP status through the one table
 * in server/web/reason-codes.ts.
 *
 * It sits at the bottom, beside errors.ts, and imports nothing: every layer
 * names reasons (room, session, admission, transport, http) and errors.ts,
 * which config.ts, the stores and the bus import, builds its typed errors on
 * it, so any home inside one layer would make the others import upward.
 */
export type CloseReasonKind =
  /** A frame that is not one well-formed y-websocket message, or an update Yjs rejects. */
  | 'malformedMessage'
  /** A text frame: the protocol is binary. */
  | 'unsupportedData'
  /** One frame over MAX_MESSAGE_BYTES. */
  | 'messageTooBig'
  /** The document would grow past MAX_DOCUMENT_BYTES. */
  | 'documentTooLarge'
  /** The peer stopped reading what it is sent. */
  | 'slowConsumer'
  /** The peer stopped answering liveness probes. */
  | 'heartbeatTimeout'
  | 'storeFailed'
  | 'roomLoadFailed'
  | 'serverAtCapacity'
  | 'tooManyConnectionsFromAddress'
  | 'roomFull'
  | 'serverRestart'
  | 'shuttingDown'
  | 'internalError'
  /** Admission: the request does not name a valid room or endpoint. */
  | 'badRequest'
  | 'notFound'
  /** The document was deleted (the document API's DELETE): its people are closed, its link says so. */
  | 'documentDeleted'
  /** An uploaded file over MAX_UPLOAD_BYTES. */
  | 'uploadTooLarge'
  /** An upload that is not one of the image types Seed stores (by its bytes, not its claimed type). */
  | 'unsupportedMediaType'
  /** An upload that would take the room's uploads past MAX_UPLOAD_BYTES_PER_ROOM. */
  | 'uploadQuotaExceeded'
  /** An action one address took too often (a per-address rate limit, server/limits/address-rate-limit.ts): HTTP 429 with Retry-After. */
  | 'rateLimited'
  /** Document API (HTTP only): the Accept header takes no format the document is served in (406). */
  | 'notAcceptable'
  /** Document API (HTTP only): a document with that id exists already (409). */
  | 'conflict'
  /** Document API (HTTP only): If-Match names an older version; nothing changed (412). */
  | 'preconditionFailed'
  /** Document API (HTTP only): content the shared schema cannot hold (422). */
  | 'unprocessableContent'
  /** Access control: no valid credentials / credentials that do not allow this. */
  | 'unauthorized'
  | 'forbidden'

export interface CloseReason {
  readonly kind: CloseReasonKind
  /** A sentence for the person or operator: what happened and what to do. Never document contents or tokens. */
  readonly message: string
}
