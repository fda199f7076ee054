/**
 * What the server needs from a persistence backend. LevelDB implements it
 * today; a Postgres backend can implement the same interface later.
 */
export interface DocumentStore {
  /** Every stored update of a room, oldest first (empty for a new room). */
  loadRoom(roomId: string): Promise<Uint8Array[]>
  /** Appends one update; resolves only once it is written. Rejects on failure. */
  appendUpdate(roomId: string, update: Uint8Array): Promise<void>
  /** Atomically replaces all stored updates of a room by one merged update; callers serialize it with the room's appends. */
  compactRoom(roomId: string, mergedUpdate: Uint8Array, stateVector: Uint8Array): Promise<void>
  /** How many update records the room has in the store right now. */
  storedUpdateCount(roomId: string): number
  /** Forgets in-memory bookkeeping of a room that is no longer loaded. */
  releaseRoom(roomId: string): void
  /** Resolves when a write reaches the store; rejects when it cannot (for /readyz). */
  checkWritable(): Promise<void>
  close(): Promise<void>
}
