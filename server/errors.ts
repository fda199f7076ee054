/**
 * Typed errors: each says what went wrong and what to do about it, and names
 * the typed close reason (server/close-reason.ts) to end a session
 * with; the transport edge maps that reason to a wire code.
 */
import type { CloseReason, CloseReasonKind } from './close-reason.ts'

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the environment variables above and start again.`)
  }
}

/** Something a client did, or something that happened to its room, that ends its session (and only its session). */
export abstract class SessionEndingError extends Error implements CloseReason {
  abstract readonly kind: CloseReasonKind
}

/** A frame from a client that is not a valid y-websocket message. */
export class ProtocolError extends SessionEndingError {
  override readonly name = 'ProtocolError'
  readonly kind = 'malformedMessage'
}

/** A client went past a configured limit; `limit` names it for logs and metrics. */
export class LimitExceededError extends SessionEndingError {
  override readonly name = 'LimitExceededError'
  constructor(
    readonly limit: string,
    readonly kind: CloseReasonKind,
    message: string,
  ) {
    super(message)
  }
}

/** The store could not persist an update; the update was not broadcast. */
export class StoreWriteError extends SessionEndingError {
  override readonly name = 'StoreWriteError'
  readonly kind = 'storeFailed'
  constructor(
    readonly roomId: string,
    options: { cause: unknown },
  ) {
    super(`Could not store an update of room "${roomId}"; it was not shared. Check the store: the data directory (disk full? permissions?), or the PostgreSQL server when DATABASE_URL is set (the cause says which).`, options)
  }
}

/** A room's stored data could not be read or decoded. */
export class RoomLoadError extends SessionEndingError {
  override readonly name = 'RoomLoadError'
  readonly kind = 'roomLoadFailed'
  constructor(
    readonly roomId: string,
    options: { cause: unknown },
  ) {
    super(`Could not load room "${roomId}" from the store; its stored data may be damaged. The rest of the server keeps running.`, options)
  }
}

/** The room was deleted (the document API's DELETE): nobody may open it, and offline copies must not bring it back. */
export class RoomDeletedError extends SessionEndingError {
  override readonly name = 'RoomDeletedError'
  readonly kind = 'documentDeleted'
  constructor(readonly roomId: string) {
    super('This document was deleted')
  }
}

/** Content given to the document API that the shared schema cannot hold, or that does not parse. */
export class InvalidContentError extends Error {
  override readonly name = 'InvalidContentError'
}
