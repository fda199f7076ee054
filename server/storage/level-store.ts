/**
 * The embedded default store: LevelDB through classic-level, in y-leveldb's
 * key layout (see level-keys.ts), so data directories of the reference
 * y-websocket server open in Seed and y-leveldb reads ours.
 *
 * Why not y-leveldb itself: it chains every call of every room on one shared
 * promise, catches write errors and resolves them to null (the caller cannot
 * know an update was lost), scans keys backwards on every write to find the
 * next clock, compacts only when a document is read, and compacts in several
 * non-atomic steps. Seed's durability contract needs errors surfaced and
 * compaction that is atomic and runs while a room stays open, so this module
 * keeps the same bytes on disk and does the rest directly on classic-level.
 *
 * Sequence numbers are y-leveldb's clocks plus one (its first clock is 0, and
 * our seq 0 means "no records"). LevelDB is opened by one process only, so
 * every writer of this directory goes through this object: a room's last seq
 * is read from disk once and then kept (for the most recently used rooms),
 * which is what keeps racing appends on distinct keys without a read per
 * append. Every write of every room goes through one LevelWriteQueue: the
 * appends of all rooms in one turn become one LevelDB batch, and a compaction
 * runs after every append that got a seq before it. Appends of one room that
 * race each other may land in either order (the room log never does that: it
 * has one append in flight per room).
 */
import { ClassicLevel } from 'classic-level'
import * as Y from 'yjs'
import type { DocumentStore, RoomInfo, StoredRoom, StoredUpload } from './document-store.ts'
import { decodeUpdateKeyClock, encodeKey, encodeStateVectorRecord, stateVectorKey, updateKey, updateKeyRange } from './level-keys.ts'
import { decodeUploadRecord, encodeUploadRecord, uploadKey } from './level-upload-records.ts'
import { CompactionRangeError } from './store-errors.ts'
import { LevelWriteQueue, type LevelOperation } from './level-write-queue.ts'

/** Outside y-leveldb's 'v1' and 'v1_sv' key spaces, so it never mixes with documents. */
const WRITE_PROBE_KEY = encodeKey(['seed', 'write-probe'])

const keyOf = (roomId: string, seq: number) => updateKey(roomId, seq - 1)
const seqOf = (key: Uint8Array) => decodeUpdateKeyClock(key) + 1

/** Rooms whose last seq is kept while no operation holds them; older ones are read from disk again when next written. */
const MAX_KEPT_ROOMS = 10_000

/** What this process knows about a room. */
interface RoomWrites {
  lastSeq: number
  /** Settles once every write of the room queued so far has (a compaction waits for it before reading). */
  written: Promise<unknown>
}

interface RoomEntry {
  /** Operations holding this entry: it is not forgotten while any does. */
  holders: number
  ready: Promise<RoomWrites>
  /** A write of the room failed: its reserved seqs may be missing on disk, so the entry is re-read once released. */
  stale: boolean
}

export interface LevelStoreOptions {
  /** fsync every write: survives power loss, not only a process crash. */
  fsync: boolean
}

export class LevelStore implements DocumentStore {
  private readonly rooms = new Map<string, RoomEntry>()
  private readonly writes: LevelWriteQueue

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly options: LevelStoreOptions,
  ) {
    this.writes = new LevelWriteQueue(db, options.fsync)
  }

  static async open(directory: string, options: LevelStoreOptions): Promise<LevelStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    return new LevelStore(db, options)
  }

  async loadRoom(roomId: string): Promise<StoredRoom> {
    const updates: Uint8Array[] = []
    let lastSeq = 0
    // One iterator reads one snapshot: updates and lastSeq agree.
    for await (const [key, value] of this.db.iterator(updateKeyRange(roomId))) {
      lastSeq = seqOf(key)
      updates.push(value)
    }
    return { updates, lastSeq }
  }

  async roomInfo(roomId: string): Promise<RoomInfo | null> {
    const lastSeq = await this.readLastSeq(roomId)
    return lastSeq === 0 ? null : { lastSeq }
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<number> {
    return this.holding(roomId, async (room) => {
      // Reserved and queued synchronously after the await above: racing appends get distinct seqs, written in seq order.
      const seq = ++room.lastSeq
      const written = this.writes.write(recordOperations(roomId, seq, update))
      // Batches may land in either order: a compaction waits for every earlier write of the room.
      room.written = Promise.all([room.written, written.catch(() => undefined)])
      await written
      return seq
    })
  }

  /**
   * Reads the keys to replace once every earlier write of the room is on
   * disk, then writes the deletions and the merged record as one batch in the
   * shared queue: other rooms' writes never wait for a compaction, and the
   * room's own appends made meanwhile have keys above `upToSeq`, untouched.
   * The merged record takes the key of seq `upToSeq`: it keeps its place
   * before every later record and consumes no seq.
   */
  compactRoom(roomId: string, merged: Uint8Array, upToSeq: number): Promise<void> {
    return this.holding(roomId, async (room) => {
      if (upToSeq > room.lastSeq || upToSeq < 1) throw new CompactionRangeError(roomId, upToSeq, room.lastSeq)
      await room.written
      const replaced: Uint8Array[] = []
      for await (const key of this.db.keys({ gte: keyOf(roomId, 1), lt: keyOf(roomId, upToSeq) })) replaced.push(key)
      await this.writes.write([
        ...replaced.map((key) => ({ type: 'del' as const, key })),
        { type: 'put', key: keyOf(roomId, upToSeq), value: merged },
        { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(upToSeq - 1, Y.encodeStateVectorFromUpdate(merged)) },
      ])
    })
  }

  async putUpload(roomId: string, uploadId: string, upload: StoredUpload): Promise<void> {
    const key = uploadKey(roomId, uploadId)
    // Never overwritten: ids name content, and a reader may be served the stored bytes at any moment.
    if ((await this.db.get(key)) !== undefined) return
    await this.db.put(key, encodeUploadRecord(upload), { sync: this.options.fsync })
  }

  async getUpload(roomId: string, uploadId: string): Promise<StoredUpload | null> {
    const record = await this.db.get(uploadKey(roomId, uploadId))
    return record === undefined ? null : decodeUploadRecord(record)
  }

  async checkWritable(): Promise<void> {
    await this.db.put(WRITE_PROBE_KEY, new Uint8Array([1]))
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  /** Runs `operation` with the room's write state, read from disk when this process does not know it. */
  private async holding<T>(roomId: string, operation: (room: RoomWrites) => Promise<T>): Promise<T> {
    let entry = this.rooms.get(roomId)
    if (entry) {
      // Map order is the keeping order: most recently used last.
      this.rooms.delete(roomId)
    } else {
      entry = { holders: 0, ready: this.readLastSeq(roomId).then((lastSeq) => ({ lastSeq, written: Promise.resolve() })), stale: false }
    }
    this.rooms.set(roomId, entry)
    // Counted before any await, so the entry cannot be forgotten while a caller is on its way to it.
    entry.holders += 1
    try {
      return await operation(await entry.ready)
    } catch (error) {
      entry.stale = true
      throw error
    } finally {
      entry.holders -= 1
      this.release(roomId, entry)
    }
  }

  /** Forgets a released entry that failed, and the least recently used released ones beyond MAX_KEPT_ROOMS. */
  private release(roomId: string, entry: RoomEntry): void {
    if (entry.holders === 0 && entry.stale && this.rooms.get(roomId) === entry) this.rooms.delete(roomId)
    if (this.rooms.size <= MAX_KEPT_ROOMS) return
    for (const [id, kept] of this.rooms) {
      if (this.rooms.size <= MAX_KEPT_ROOMS) break
      if (kept.holders === 0) this.rooms.delete(id)
    }
  }

  private async readLastSeq(roomId: string): Promise<number> {
    for await (const key of this.db.keys({ ...updateKeyRange(roomId), reverse: true, limit: 1 })) return seqOf(key)
    return 0
  }
}

/** A record's put; the first record also writes y-leveldb's state-vector record, through which y-leveldb lists documents. */
function recordOperations(roomId: string, seq: number, update: Uint8Array): LevelOperation[] {
  const record: LevelOperation = { type: 'put', key: keyOf(roomId, seq), value: update }
  if (seq > 1) return [record]
  return [record, { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(seq - 1, Y.encodeStateVectorFromUpdate(update)) }]
}
