/**
 * What `loadRoom` hands out, from a room's records as a backend read them:
 * the records Yjs' strict reader takes (server/protocol/validate-update.ts),
 * and the others set aside with their seq.
 *
 * "Set aside" is the same in every backend: the record is skipped and
 * reported, not moved. Seed validates every update before storing it, so an
 * unreadable record comes from an older Seed that did not, another writer of
 * the data, or damage on disk; its bytes are of no use to any reader here.
 * Moving it would need a write inside a read, and in LevelDB deleting a
 * room's highest key would let its seq be handed out again. Skipping keeps
 * seqs and `lastSeq` as they are, loads the room's other records, and the
 * room reports the record (error log with room and seq, a metric, /readyz)
 * on every load until its next compaction replaces it with the document as
 * loaded, like any record below the compacted seq.
 */
import { assertReadableUpdate } from '../protocol/validate-update.ts'
import type { SetAsideRecord, StoredRoom } from './document-store.ts'

export interface ReadRecord {
  seq: number
  update: Uint8Array
}

/** The room as `loadRoom` returns it, from its records in seq order. */
export function readableRecords(records: readonly ReadRecord[]): StoredRoom {
  const updates: Uint8Array[] = []
  const setAside: SetAsideRecord[] = []
  for (const { seq, update } of records) {
    try {
      assertReadableUpdate(update)
      updates.push(update)
    } catch (error) {
      setAside.push({ seq, problem: error instanceof Error ? error.message : String(error) })
    }
  }
  return { updates, lastSeq: records.at(-1)?.seq ?? 0, setAside }
}
