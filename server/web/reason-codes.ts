/**
 * The one table from typed close reasons to what a transport puts on the
 * wire: a WebSocket close code (y-websocket 3's convention: 4400-4499 means
 * "do not retry", 4500-4599 "retry later") and an HTTP status for refusals
 * that happen before a session exists or over an HTTP transport.
 *
 * server/web/ sits beneath both server/http/ (the app's routes) and
 * server/transport/ (the WebSocket and HTTP fallback endpoints): what either
 * puts on the wire comes from here, so neither imports the other.
 */
import { CloseCode } from '../../shared/protocol.ts'
import type { CloseReasonKind } from '../close-reason.ts'

interface WireCodes {
  closeCode: number
  httpStatus: number
}

const TABLE: Record<CloseReasonKind, WireCodes> = {
  malformedMessage: { closeCode: CloseCode.malformedMessage, httpStatus: 400 },
  unsupportedData: { closeCode: CloseCode.unsupportedData, httpStatus: 415 },
  messageTooBig: { closeCode: CloseCode.messageTooBig, httpStatus: 413 },
  documentTooLarge: { closeCode: CloseCode.documentTooLarge, httpStatus: 413 },
  slowConsumer: { closeCode: CloseCode.slowConsumer, httpStatus: 408 },
  heartbeatTimeout: { closeCode: CloseCode.goingAway, httpStatus: 408 },
  storeFailed: { closeCode: CloseCode.storeWriteFailed, httpStatus: 503 },
  roomLoadFailed: { closeCode: CloseCode.roomLoadFailed, httpStatus: 503 },
  serverAtCapacity: { closeCode: CloseCode.serverAtCapacity, httpStatus: 503 },
  tooManyConnectionsFromAddress: { closeCode: CloseCode.tooManyConnectionsFromAddress, httpStatus: 429 },
  roomFull: { closeCode: CloseCode.roomFull, httpStatus: 429 },
  serverRestart: { closeCode: CloseCode.serviceRestart, httpStatus: 503 },
  shuttingDown: { closeCode: CloseCode.goingAway, httpStatus: 503 },
  internalError: { closeCode: CloseCode.internalError, httpStatus: 500 },
  // HTTP only (uploads); the close codes are their nearest WebSocket kin.
  uploadTooLarge: { closeCode: CloseCode.messageTooBig, httpStatus: 413 },
  unsupportedMediaType: { closeCode: CloseCode.unsupportedData, httpStatus: 415 },
  uploadQuotaExceeded: { closeCode: CloseCode.documentTooLarge, httpStatus: 413 },
  rateLimited: { closeCode: CloseCode.tooManyConnectionsFromAddress, httpStatus: 429 },
  badRequest: { closeCode: CloseCode.policyViolation, httpStatus: 400 },
  notFound: { closeCode: CloseCode.policyViolation, httpStatus: 404 },
  documentDeleted: { closeCode: CloseCode.documentDeleted, httpStatus: 410 },
  // HTTP only (the document API); never a session's end.
  notAcceptable: { closeCode: CloseCode.policyViolation, httpStatus: 406 },
  conflict: { closeCode: CloseCode.policyViolation, httpStatus: 409 },
  preconditionFailed: { closeCode: CloseCode.policyViolation, httpStatus: 412 },
  unprocessableContent: { closeCode: CloseCode.policyViolation, httpStatus: 422 },
  unauthorized: { closeCode: CloseCode.unauthorized, httpStatus: 401 },
  forbidden: { closeCode: CloseCode.forbidden, httpStatus: 403 },
}

export const closeCodeFor = (kind: CloseReasonKind): number => TABLE[kind].closeCode
export const httpStatusFor = (kind: CloseReasonKind): number => TABLE[kind].httpStatus
