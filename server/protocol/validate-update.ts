/**
 * The one check an update passes before anything else sees it: a client's
 * update before it is applied, a stored record before it is loaded.
 *
 * Why: Yjs has two readers of the update format and they disagree.
 * `Y.applyUpdate` reads struct headers by their low five bits, so a Skip
 * (content ref 10) with flag bits set (info 42, 74, 138, …) passes as a
 * Skip, and what follows it waits as pending structs. The lazy struct reader
 * behind `Y.mergeUpdates`, `Y.decodeUpdate` and `Y.encodeStateVectorFromUpdate`
 * (what RoomLog's batches and the stores run) takes only exactly 10 for a
 * Skip, reads such a header as an item with content ref 10 and throws. An
 * update applied without this check would fail the room's next write and
 * close every member with "could not save", or leave a record no load can
 * read. So an update must pass the lazy reader in full, structs and delete
 * set, which is the stricter of the two (`Y.applyUpdate` runs after it).
 */
import * as Y from 'yjs'

/** An update (or stored record) the strict reader refuses; the message says what it refused, never what it holds. */
export class UnreadableUpdateError extends Error {
  override readonly name = 'UnreadableUpdateError'
}

/** Throws UnreadableUpdateError unless every struct and the delete set of `update` read with Yjs' lazy struct reader. */
export function assertReadableUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update)
  } catch (cause) {
    throw new UnreadableUpdateError(`Yjs' strict update reader refused it (${cause instanceof Error ? cause.message : String(cause)})`, { cause })
  }
}
