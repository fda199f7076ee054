/** Errors a DocumentStore raises for calls that break its contract (as opposed to I/O failures, which keep their own cause). */

/** `compactRoom` named records that do not exist yet: compacting them would let a later append reuse the merged record's seq. */
export class CompactionRangeError extends Error {
  override readonly name = 'CompactionRangeError'
  constructor(
    readonly roomId: string,
    readonly upToSeq: number,
    readonly lastSeq: number,
  ) {
    super(`Cannot compact room "${roomId}" up to seq ${upToSeq}: its highest stored seq is ${lastSeq}. Compact only records that were appended.`)
  }
}

/**
 * The database behind a store failed an operation (unreachable, refused,
 * out of space…). The message says which operation and what to check;
 * `cause` is the driver's own error and `code` its SQLSTATE or socket code.
 */
export class StoreBackendError extends Error {
  override readonly name = 'StoreBackendError'
  /** The database did not answer (down, restarting, unreachable): an outage, not a problem with the data. */
  readonly unreachable: boolean
  constructor(
    readonly operation: string,
    readonly roomId: string | null,
    readonly code: string | undefined,
    hint: string,
    options: { cause: unknown; unreachable: boolean },
  ) {
    const what = roomId === null ? operation : `${operation} of room "${roomId}"`
    const detail = options.cause instanceof Error ? options.cause.message : String(options.cause)
    super(`The store could not ${what}: ${detail}${code ? ` (${code})` : ''}. ${hint}`, options)
    this.unreachable = options.unreachable
  }
}

/**
 * LevelDB failed to write records the append log already holds (acknowledged
 * as durable): the store takes no more appends until a restart replays the
 * log into LevelDB.
 */
export class LevelBehindLogError extends Error {
  override readonly name = 'LevelBehindLogError'
  constructor(options: { cause: unknown }) {
    const detail = options.cause instanceof Error ? options.cause.message : String(options.cause)
    super(
      `LevelDB could not write records that the append log holds: ${detail}. Nothing acknowledged is lost (the log keeps it); ` +
        'fix the data directory (disk space, permissions) and restart Seed, which replays the log into LevelDB.',
      options,
    )
  }
}

/** A write to a room that was deleted (DocumentStore.deleteRoom) and not created again: it would bring the document back. */
export class DocumentDeletedError extends Error {
  override readonly name = 'DocumentDeletedError'
  constructor(readonly roomId: string) {
    super(`Room "${roomId}" was deleted; nothing more is stored in it. Create it again (POST /api/v1/documents with this id) to use the id again.`)
  }
}
