import { CloseCode } from '../../shared/protocol.ts'

const KEPT_LOCALLY = 'it is kept on this device but was not saved to the server'

/** A sentence for a close after which the client stops retrying (see NON_RETRYABLE_CLOSE_CODES). */
export function describeRefusal(code: number, reason: string): string {
  switch (code) {
    // Access refusals say what to do; Try again asks the server afresh (with a new token where the embedding app gives one).
    case CloseCode.unauthorized:
      return 'Your access to this document has expired or is no longer valid. Ask for a new link, or try again.'
    case CloseCode.forbidden:
      return 'Your link no longer gives access to this document. Ask the person who shared it for a new link.'
    case CloseCode.documentDeleted:
      return 'This document was deleted'
    case CloseCode.messageTooBig:
      return `This change is too large for the server — ${KEPT_LOCALLY}`
    case CloseCode.documentTooLarge:
      return 'This document is over the size limit — your last change was not saved to the server, it is kept on this device'
    case CloseCode.unsupportedData:
    case CloseCode.malformedMessage:
      return `The server could not read a change from this page — ${KEPT_LOCALLY}`
    case CloseCode.policyViolation:
      return `The server refused changes from this page${reason ? ` (${reason})` : ''} — they are kept on this device but were not saved to the server`
    default:
      return `The server closed the connection${reason ? ` (${reason})` : ''} — your changes are kept on this device but were not saved to the server`
  }
}

/** Context for a close that the provider retries on its own; null when there is nothing useful to add. */
export function describeRetryableClose(code: number): string | null {
  switch (code) {
    case CloseCode.roomLoadFailed:
      return 'The document could not be loaded on the server.'
    case CloseCode.storeWriteFailed:
      return 'The server could not store changes; they are kept on this device.'
    case CloseCode.internalError:
      return 'The server ran into an error.'
    case CloseCode.serviceRestart:
    case CloseCode.goingAway:
      return 'The server is restarting.'
    case CloseCode.tooManyConnectionsFromAddress:
      return 'Too many connections from your network to the server.'
    case CloseCode.roomFull:
      return 'This document has too many people connected right now.'
    case CloseCode.serverAtCapacity:
      return 'The server is busy with too many documents.'
    case CloseCode.slowConsumer:
      return 'The connection was too slow to keep up.'
    default:
      return null
  }
}
