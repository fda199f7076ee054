/**
 * Typed errors: each says what went wrong and what to do about it, and names
 * the typed close reason (server/close-reason.ts) to end a session
 * with; the transport edge maps that reason to a wire code.
 */
import type { CloseReason, CloseReasonKind } from './close-reason.ts'
import { StoreBackendError } from './storage/store-errors.ts'

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the environment variables above and start again.`)
  }
}

/**
 * Something the server needs cannot be used at start (its data directory, PostgreSQL, Redis): the message is one
 * sentence naming it and what to do, printed alone, and the process exits with 2 like for a ConfigError.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError'
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

/**
 * A room could not be read from the store. Records Yjs cannot read are set aside at load (the room opens without
 * them), so what is left is the store failing: most often an outage, said as such (the message is the close reason
 * clients see, and what the log says).
 */
export class RoomLoadError extends SessionEndingError {
  override readonly name = 'RoomLoadError'
  readonly kind = 'roomLoadFailed'
  constructor(
    readonly roomId: string,
    options: { cause: unknown },
  ) {
    super(
      options.cause instanceof StoreBackendError && options.cause.unreachable
        ? 'The document store is unreachable; the document opens again once it answers'
        : `Could not load room "${roomId}": the store failed to read it (the server log says why)`,
      options,
    )
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
