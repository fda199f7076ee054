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
 * are ours, so the client can tell the user what happened and whether retrying helps.
 */
export const CloseCode = {
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
  serviceRestart: 1012,
  malformedMessage: 4400,
  slowConsumer: 4408,
  documentTooLarge: 4413,
  rateLimited: 4429,
  tooManyConnectionsFromAddress: 4430,
  roomFull: 4431,
  roomLoadFailed: 4500,
  storeWriteFailed: 4501,
  serverAtCapacity: 4503,
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
])
