/** y-websocket framing: the first varuint of every binary frame. */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const
export type MessageType = (typeof MessageType)[keyof typeof MessageType]

/** The WebSocket endpoint is `${WS_PATH_PREFIX}/<room>`; the app page is `${ROOM_PAGE_PREFIX}<room>`. */
export const WS_PATH_PREFIX = '/ws'
export const ROOM_PAGE_PREFIX = '/r/'

/**
 * Close codes the server uses. The 1xxx ones are RFC 6455 codes; the 4xxx ones
 * are ours and follow the y-websocket 3 convention that stock clients act on:
 * 4400-4499 means "reconnecting cannot fix this" (the provider stops), 4500-4599
 * means "try again later" (the provider backs off and reconnects).
 */
export const CloseCode = {
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  malformedMessage: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  documentTooLarge: 4413,
  /** The document was deleted: there is nothing to reconnect to. */
  documentDeleted: 4410,
  roomLoadFailed: 4500,
  storeWriteFailed: 4501,
  serverAtCapacity: 4503,
  slowConsumer: 4508,
  tooManyConnectionsFromAddress: 4530,
  roomFull: 4531,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/**
 * Closes after which reconnecting and resending the same data cannot help:
 * the client stops retrying and tells the user instead of looping.
 */
export const NON_RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.unsupportedData,
  CloseCode.policyViolation,
  CloseCode.messageTooBig,
  CloseCode.malformedMessage,
  CloseCode.documentTooLarge,
  CloseCode.documentDeleted,
  CloseCode.unauthorized,
  CloseCode.forbidden,
])
