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
 * append.
 *
 * An append is durable once it is in the append log (append-log.ts: one
 * `write()` on the main thread for every room's records of a task), and
 * resolves then; LevelDB gets it right after through one LevelWriteQueue
 * (the appends of all rooms in one turn become one LevelDB batch, one batch
 * at a time, so a room's records land in seq order). At open, log records
 * LevelDB did not get before a crash are replayed: a record goes in when its
 * seq is above the room's last seq in LevelDB (landing in seq order makes
 * LevelDB a prefix of the log, room by room). `loadRoom` and compactions
 * wait for the room's records to land first, `roomInfo` answers from the
 * last seq kept in memory, and a room's last seq is kept in memory while any of its records has not
 * landed (LevelDB alone would show an older one). If LevelDB fails a write
 * whose records the log holds, the store takes no more appends
 * (LevelBehindLogError) and keeps the log for the next start.
 *
 * A room's creation record (`createRoom`) is a key of Seed's own beside
 * y-leveldb's (level-keys.ts: the creation time), so y-leveldb and the
 * reference server never see it; a room's first record writes it too when
 * nobody created the room before. Creating checks and reserves in memory
 * (this process is LevelDB's only writer), so racing creations of one id
 * see each other.
 */
import { ClassicLevel } from 'classic-level'
import * as Y from 'yjs'
import type { DocumentStore, RoomInfo, StoredRoom, StoredUpload } from './document-store.ts'
import {
  decodeCreatedAt,
  decodeUpdateKeyClock,
  encodeCreatedAt,
  encodeKey,
  encodeStateVectorRecord,
  roomCreatedKey,
  stateVectorKey,
  updateKey,
  updateKeyRange,
} from './level-keys.ts'
import { decodeUploadRecord, decodeUploadSize, encodeUploadRecord, encodeUploadSize, roomUploadRange, uploadKey, uploadSizeKey } from './level-upload-records.ts'
import { AppendLog, type AppendedRecord, type AppendLogRecord } from './append-log.ts'
import { readableRecords, type ReadRecord } from './readable-records.ts'
import { CompactionRangeError, LevelBehindLogError } from './store-errors.ts'
import { LevelWriteQueue, type LevelOperation } from './level-write-queue.ts'

/** Outside y-leveldb's 'v1' and 'v1_sv' key spaces, so it never mixes with documents. */
const WRITE_PROBE_KEY = encodeKey(['seed', 'write-probe'])

const keyOf = (roomId: string, seq: number) => updateKey(roomId, seq - 1)
/** Y.encodeStateVector of an empty document: no client, no clock. */
const EMPTY_STATE_VECTOR = new Uint8Array([0])
const seqOf = (key: Uint8Array) => decodeUpdateKeyClock(key) + 1

/** Rooms whose last seq is kept while no operation holds them; older ones are read from disk again when next written. */
const MAX_KEPT_ROOMS = 10_000

/** Past this many bytes logged but not yet in LevelDB, an append also waits for LevelDB (memory stays bounded when it falls behind). */
const MAX_UNLANDED_BYTES = 64 * 2 ** 20

/** A readiness probe after a failed append writes at most this much. */
const MAX_PROBE_BYTES = 2 ** 20

/** What this process knows about a room. */
interface RoomWrites {
  lastSeq: number
  /** When the room was created; null while it has no creation record. */
  createdAt: number | null
  /** Settles once every write of the room queued so far has (a compaction waits for it before reading). */
  written: Promise<unknown>
}

interface RoomEntry {
  /** Operations holding this entry: it is not forgotten while any does. */
  holders: number
  ready: Promise<RoomWrites>
  /** A write of the room failed: its reserved seqs may be missing on disk, so the entry is re-read once released. */
  stale: boolean
  /** Appended records not in LevelDB yet: the entry is kept until they land. */
  unlanded: number
}

/** What `open` found in the append log: records replayed into LevelDB, and bytes of a record cut short by a crash. */
export interface LogRecovery {
  replayedRecords: number
  droppedBytes: number
}

export interface LevelStoreOptions {
  /** fsync every write: survives power loss, not only a process crash. */
  fsync: boolean
}

export class LevelStore implements DocumentStore {
  private readonly rooms = new Map<string, RoomEntry>()
  private readonly writes: LevelWriteQueue
  private readonly landing = new Set<Promise<void>>()
  private unlandedBytes = 0
  /** Size of the last append the log refused (0: none since the last probe that wrote as much). */
  private failedAppendBytes = 0
  /** LevelDB failed a write whose records only the log holds. */
  private failure: LevelBehindLogError | null = null

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private readonly log: AppendLog,
    private readonly options: LevelStoreOptions,
    readonly recovery: LogRecovery,
  ) {
    this.writes = new LevelWriteQueue(db, options.fsync)
  }

  static async open(directory: string, options: LevelStoreOptions): Promise<LevelStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    const opened = AppendLog.open(directory, { fsync: options.fsync })
    const replayedRecords = await replayIntoLevel(db, opened.recovered)
    AppendLog.discardRecovered(opened.recoveredFiles)
    return new LevelStore(db, opened.log, options, { replayedRecords, droppedBytes: opened.droppedBytes })
  }

  async loadRoom(roomId: string): Promise<StoredRoom> {
    await this.landed(roomId)
    const records: ReadRecord[] = []
    // One iterator reads one snapshot: updates and lastSeq agree.
    for await (const [key, value] of this.db.iterator(updateKeyRange(roomId))) records.push({ seq: seqOf(key), update: value })
    return readableRecords(records)
  }

  async roomInfo(roomId: string): Promise<RoomInfo | null> {
    // A kept room's last seq counts the records LevelDB does not have yet; rooms not kept have all theirs in LevelDB.
    const { lastSeq, createdAt } = (await this.knownRoom(roomId)) ?? (await readRoomState(this.db, roomId))
    return lastSeq === 0 && createdAt === null ? null : { lastSeq, createdAt }
  }

  createRoom(roomId: string, createdAt: number): Promise<boolean> {
    return this.holding(roomId, async (room) => {
      if (room.lastSeq > 0 || room.createdAt !== null) return false
      // Reserved before the write: a racing creation or first append sees the room as created.
      room.createdAt = createdAt
      await this.writes.write([{ type: 'put', key: roomCreatedKey(roomId), value: encodeCreatedAt(createdAt) }]).catch((error: unknown) => {
        room.createdAt = null
        throw error
      })
      return true
    })
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<number> {
    return this.holding(roomId, async (room, entry) => {
      if (this.failure) throw this.failure
      // Reserved and logged synchronously after the await above: racing appends get distinct seqs, logged in seq order.
      const seq = ++room.lastSeq
      const createdAt = seq === 1 && room.createdAt === null ? (room.createdAt = Date.now()) : null
      const appended = await this.log.append({ roomId, seq, update }).catch((error: unknown) => {
        this.failedAppendBytes = Math.min(update.length, MAX_PROBE_BYTES)
        throw error
      })
      const landed = this.land(roomId, entry, appended, recordOperations(roomId, seq, update, createdAt), update.length)
      room.written = Promise.all([room.written, landed])
      if (this.unlandedBytes > MAX_UNLANDED_BYTES) await landed
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
    await this.db.batch(
      [
        { type: 'put', key, value: encodeUploadRecord(upload) },
        { type: 'put', key: uploadSizeKey(roomId, uploadId), value: encodeUploadSize(upload.bytes.length) },
      ],
      { sync: this.options.fsync },
    )
  }

  async uploadBytes(roomId: string): Promise<number> {
    const sizes = roomUploadRange('sizes', roomId)
    const sized = new Set<string>()
    let total = 0
    for await (const [key, value] of this.db.iterator(sizes)) {
      sized.add(Buffer.from(key.subarray(sizes.prefixLength)).toString('hex'))
      total += decodeUploadSize(value)
    }
    const uploads = roomUploadRange('uploads', roomId)
    for await (const key of this.db.keys(uploads)) {
      if (sized.has(Buffer.from(key.subarray(uploads.prefixLength)).toString('hex'))) continue
      // Stored before the size index: its size is read from the upload itself.
      const record = await this.db.get(key)
      if (record !== undefined) total += decodeUploadRecord(record).bytes.length
    }
    return total
  }

  async getUpload(roomId: string, uploadId: string): Promise<StoredUpload | null> {
    const record = await this.db.get(uploadKey(roomId, uploadId))
    return record === undefined ? null : decodeUploadRecord(record)
  }

  /**
   * Writes to both: a probe record in the log (seq 0, which a replay always
   * skips) and a probe key in LevelDB. After an append failed (a full disk
   * still takes a few bytes), the probe is as large as that append, and the
   * store counts as writable again once such a write succeeds.
   */
  async checkWritable(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.log.housekeepingError) throw this.log.housekeepingError
    const probe = new Uint8Array(this.failedAppendBytes)
    this.log.landed(await this.log.append({ roomId: '', seq: 0, update: probe }))
    if (this.failedAppendBytes === probe.length) this.failedAppendBytes = 0
    await this.db.put(WRITE_PROBE_KEY, new Uint8Array([1]))
  }

  /** Waits for LevelDB to hold every appended record, then deletes the log (unless LevelDB failed: the next start replays it). */
  async close(): Promise<void> {
    while (this.landing.size > 0) await Promise.all(this.landing)
    this.log.close({ keepFiles: this.failure !== null })
    await this.db.close()
  }

  /** Queues a logged record's LevelDB write; the promise settles (never rejects) once it landed or failed. */
  private land(roomId: string, entry: RoomEntry, appended: AppendedRecord, operations: LevelOperation[], bytes: number): Promise<void> {
    entry.unlanded += 1
    this.unlandedBytes += bytes
    const landing = this.writes
      .write(operations)
      .then(
        () => this.log.landed(appended),
        (cause: unknown) => {
          this.failure ??= new LevelBehindLogError({ cause })
        },
      )
      .finally(() => {
        entry.unlanded -= 1
        this.unlandedBytes -= bytes
        this.landing.delete(landing)
        this.release(roomId, entry)
      })
    this.landing.add(landing)
    return landing
  }

  /** The room's state as this process keeps it, null when it keeps none (or could not read it). */
  private async knownRoom(roomId: string): Promise<Pick<RoomWrites, 'lastSeq' | 'createdAt'> | null> {
    const entry = this.rooms.get(roomId)
    return entry ? entry.ready.then(({ lastSeq, createdAt }) => ({ lastSeq, createdAt }), () => null) : null
  }

  /** Settles once every record of the room appended so far is in LevelDB. */
  private async landed(roomId: string): Promise<void> {
    const entry = this.rooms.get(roomId)
    if (entry) await entry.ready.then((room) => room.written, () => undefined)
  }

  /** Runs `operation` with the room's write state, read from disk when this process does not know it. */
  private async holding<T>(roomId: string, operation: (room: RoomWrites, entry: RoomEntry) => Promise<T>): Promise<T> {
    let entry = this.rooms.get(roomId)
    if (entry) {
      // Map order is the keeping order: most recently used last.
      this.rooms.delete(roomId)
    } else {
      entry = { holders: 0, ready: readRoomState(this.db, roomId).then((state) => ({ ...state, written: Promise.resolve() })), stale: false, unlanded: 0 }
    }
    this.rooms.set(roomId, entry)
    // Counted before any await, so the entry cannot be forgotten while a caller is on its way to it.
    entry.holders += 1
    try {
      return await operation(await entry.ready, entry)
    } catch (error) {
      entry.stale = true
      throw error
    } finally {
      entry.holders -= 1
      this.release(roomId, entry)
    }
  }

  /** Forgets a released entry that failed, and the least recently used released ones beyond MAX_KEPT_ROOMS, once LevelDB has all their records. */
  private release(roomId: string, entry: RoomEntry): void {
    const idle = (kept: RoomEntry) => kept.holders === 0 && kept.unlanded === 0
    if (idle(entry) && entry.stale && this.rooms.get(roomId) === entry) this.rooms.delete(roomId)
    if (this.rooms.size <= MAX_KEPT_ROOMS) return
    for (const [id, kept] of this.rooms) {
      if (this.rooms.size <= MAX_KEPT_ROOMS) break
      if (idle(kept)) this.rooms.delete(id)
    }
  }
}

/**
 * Puts the log's records that LevelDB does not have: a room's records landed
 * in seq order, so those above its last seq in LevelDB are the missing ones
 * (a record at or below it is there, or was merged into a compacted record).
 */
async function replayIntoLevel(db: ClassicLevel<Uint8Array, Uint8Array>, records: AppendLogRecord[]): Promise<number> {
  const lastSeqs = new Map<string, number>()
  const operations: LevelOperation[] = []
  let replayed = 0
  for (const record of records) {
    const lastSeq = lastSeqs.get(record.roomId) ?? (await readLastSeq(db, record.roomId))
    if (record.seq <= lastSeq) {
      lastSeqs.set(record.roomId, lastSeq)
      continue
    }
    operations.push(...recordOperations(record.roomId, record.seq, record.update))
    lastSeqs.set(record.roomId, record.seq)
    replayed += 1
  }
  // Synced whatever STORE_FSYNC says: the log files go right after.
  if (operations.length > 0) await db.batch(operations, { sync: true })
  return replayed
}

async function readLastSeq(db: ClassicLevel<Uint8Array, Uint8Array>, roomId: string): Promise<number> {
  for await (const key of db.keys({ ...updateKeyRange(roomId), reverse: true, limit: 1 })) return seqOf(key)
  return 0
}

async function readRoomState(db: ClassicLevel<Uint8Array, Uint8Array>, roomId: string): Promise<{ lastSeq: number; createdAt: number | null }> {
  const [lastSeq, created] = await Promise.all([readLastSeq(db, roomId), db.get(roomCreatedKey(roomId))])
  return { lastSeq, createdAt: created === undefined ? null : decodeCreatedAt(created) }
}

/**
 * A record's put; the first record also writes y-leveldb's state-vector record, through which y-leveldb lists
 * documents, and the room's creation record when `createdAt` is given (nobody created the room before).
 */
/**
 * The state vector y-leveldb keeps beside a room's first record. A record Yjs'
 * strict reader refuses (written before Seed validated updates, replayed from
 * the append log at start) gets an empty one: it must not stop the start, and
 * loading sets it aside (readable-records.ts).
 */
function stateVectorOf(update: Uint8Array): Uint8Array {
  try {
    return Y.encodeStateVectorFromUpdate(update)
  } catch {
    return EMPTY_STATE_VECTOR
  }
}

function recordOperations(roomId: string, seq: number, update: Uint8Array, createdAt: number | null = null): LevelOperation[] {
  const record: LevelOperation = { type: 'put', key: keyOf(roomId, seq), value: update }
  if (seq > 1) return [record]
  const first: LevelOperation[] = [record, { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(seq - 1, stateVectorOf(update)) }]
  return createdAt === null ? first : [...first, { type: 'put', key: roomCreatedKey(roomId), value: encodeCreatedAt(createdAt) }]
}
