/**
 * Typed errors: each says what went wrong and what to do about it, and carries
 * the WebSocket close code to use when it ends a connection.
 */
import { CloseCode } from '../shared/protocol.ts'

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the environment variables above and start again.`)
  }
}

/** Something a client did that ends its connection (and only its connection). */
export abstract class ConnectionEndingError extends Error {
  abstract readonly closeCode: number
}

/** A frame from a client that is not a valid y-websocket message. */
export class ProtocolError extends ConnectionEndingError {
  override readonly name = 'ProtocolError'
  readonly closeCode = CloseCode.malformedMessage
}

/** A client went past a configured limit; `limit` names it for logs and metrics. */
export class LimitExceededError extends ConnectionEndingError {
  override readonly name = 'LimitExceededError'
  constructor(
    readonly limit: string,
    readonly closeCode: number,
    message: string,
  ) {
    super(message)
  }
}

/** The store could not persist an update; the update was not broadcast. */
export class StoreWriteError extends ConnectionEndingError {
  override readonly name = 'StoreWriteError'
  readonly closeCode = CloseCode.storeWriteFailed
  constructor(
    readonly roomId: string,
    options: { cause: unknown },
  ) {
    super(`Could not store an update of room "${roomId}"; it was not shared. Check the data directory (disk full? permissions?).`, options)
  }
}

/** A room's stored data could not be read or decoded. */
export class RoomLoadError extends ConnectionEndingError {
  override readonly name = 'RoomLoadError'
  readonly closeCode = CloseCode.roomLoadFailed
  constructor(
    readonly roomId: string,
    options: { cause: unknown },
  ) {
    super(`Could not load room "${roomId}" from the store; its stored data may be damaged. The rest of the server keeps running.`, options)
  }
}
