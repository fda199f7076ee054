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
 * is read from disk once and kept only while operations on the room are in
 * flight, which is what keeps racing appends on distinct keys. A room's writes
 * run one after another in seq order, so a load never sees a record while an
 * earlier one is still missing, and a compaction runs after every append that
 * got a seq before it.
 */
import { ClassicLevel } from 'classic-level'
import * as Y from 'yjs'
import type { DocumentStore, RoomInfo, StoredRoom, StoredUpload } from './document-store.ts'
import { decodeUpdateKeyClock, encodeKey, encodeStateVectorRecord, stateVectorKey, updateKey, updateKeyRange } from './level-keys.ts'
import { decodeUploadRecord, encodeUploadRecord, uploadKey } from './level-upload-records.ts'
import { CompactionRangeError } from './store-errors.ts'

/** Outside y-leveldb's 'v1' and 'v1_sv' key spaces, so it never mixes with documents. */
const WRITE_PROBE_KEY = encodeKey(['seed', 'write-probe'])

const keyOf = (roomId: string, seq: number) => updateKey(roomId, seq - 1)
const seqOf = (key: Uint8Array) => decodeUpdateKeyClock(key) + 1

/** What this process knows about a room while operations on it are in flight. */
interface RoomWrites {
  lastSeq: number
  /** The room's writes, one after another; settles when the last one queued has. */
  writes: Promise<unknown>
}

interface RoomEntry {
  /** Operations holding this entry; at 0 it is forgotten and re-read from disk next time. */
  holders: number
  ready: Promise<RoomWrites>
}

export interface LevelStoreOptions {
  /** fsync every write: survives power loss, not only a process crash. */
  fsync: boolean
}

export class LevelStore implements DocumentStore {
  private readonly rooms = new Map<string, RoomEntry>()

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly options: LevelStoreOptions,
  ) {}

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
      // Reserved synchronously after the await above: racing appends get distinct seqs.
      const seq = ++room.lastSeq
      await this.inOrder(room, () => this.writeRecord(roomId, seq, update))
      return seq
    })
  }

  compactRoom(roomId: string, merged: Uint8Array, upToSeq: number): Promise<void> {
    return this.holding(roomId, async (room) => {
      if (upToSeq > room.lastSeq || upToSeq < 1) throw new CompactionRangeError(roomId, upToSeq, room.lastSeq)
      await this.inOrder(room, () => this.replaceRecords(roomId, merged, upToSeq))
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

  /** The first record also writes y-leveldb's state-vector record, through which y-leveldb lists documents. */
  private async writeRecord(roomId: string, seq: number, update: Uint8Array): Promise<void> {
    const sync = this.options.fsync
    if (seq > 1) {
      await this.db.put(keyOf(roomId, seq), update, { sync })
      return
    }
    await this.db.batch(
      [
        { type: 'put', key: keyOf(roomId, seq), value: update },
        { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(seq - 1, Y.encodeStateVectorFromUpdate(update)) },
      ],
      { sync },
    )
  }

  /** The merged record takes the key of seq `upToSeq`: it keeps its place before every later record and consumes no seq. */
  private async replaceRecords(roomId: string, merged: Uint8Array, upToSeq: number): Promise<void> {
    const replaced: Uint8Array[] = []
    for await (const key of this.db.keys({ gte: keyOf(roomId, 1), lt: keyOf(roomId, upToSeq) })) replaced.push(key)
    await this.db.batch(
      [
        ...replaced.map((key) => ({ type: 'del' as const, key })),
        { type: 'put', key: keyOf(roomId, upToSeq), value: merged },
        { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(upToSeq - 1, Y.encodeStateVectorFromUpdate(merged)) },
      ],
      { sync: this.options.fsync },
    )
  }

  private inOrder<T>(room: RoomWrites, write: () => Promise<T>): Promise<T> {
    const run = room.writes.then(write)
    room.writes = run.catch(() => undefined)
    return run
  }

  /** Runs `operation` with the room's write state, read from disk when no other operation holds it. */
  private async holding<T>(roomId: string, operation: (room: RoomWrites) => Promise<T>): Promise<T> {
    let entry = this.rooms.get(roomId)
    if (!entry) {
      entry = { holders: 0, ready: this.readLastSeq(roomId).then((lastSeq) => ({ lastSeq, writes: Promise.resolve() })) }
      this.rooms.set(roomId, entry)
    }
    // Counted before any await, so the entry cannot be forgotten while a caller is on its way to it.
    entry.holders += 1
    try {
      return await operation(await entry.ready)
    } finally {
      if (--entry.holders === 0 && this.rooms.get(roomId) === entry) this.rooms.delete(roomId)
    }
  }

  private async readLastSeq(roomId: string): Promise<number> {
    for await (const key of this.db.keys({ ...updateKeyRange(roomId), reverse: true, limit: 1 })) return seqOf(key)
    return 0
  }
}
