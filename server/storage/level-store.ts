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
 * see each other. Metadata, the tombstone and the listing of rooms by id are
 * keys of Seed's own too (level-room-records.ts); the listing is built once
 * for data directories written before it existed.
 *
 * Deleting a room marks it deleted in memory at once (appends reject from
 * then on), waits for its records to land, logs a deletion mark and then
 * removes its keys and writes the tombstone in one batch. The mark is what
 * keeps the deleted records from coming back: they may still be in the
 * append log, and after a crash the replay would put them back (the room's
 * last seq in LevelDB is 0 again, or that of the room created anew); it
 * skips every record logged before the room's last mark instead, which
 * LevelDB had when the mark was logged.
 */
import { ClassicLevel } from 'classic-level'
import * as Y from 'yjs'
import type { DocumentMetadata, DocumentStore, MetadataChange, RoomInfo, RoomListing, StoredRoom, StoredUpload } from './document-store.ts'
import {
  decodeCreatedAt,
  decodeStringPart,
  decodeUpdateKeyClock,
  encodeCreatedAt,
  encodeKey,
  encodeStateVectorRecord,
  roomCreatedKey,
  stateVectorKey,
  stringPartsUnder,
  updateKey,
  updateKeyRange,
} from './level-keys.ts'
import {
  decodeMetadata,
  encodeDeletedAt,
  encodeMetadata,
  ROOM_LISTING_BUILT_KEY,
  roomDeletedKey,
  roomIdOfListingKey,
  roomListingKey,
  roomListingRange,
  roomMetadataKey,
} from './level-room-records.ts'
import { applyMetadataChange, unrecordedMetadata } from './document-metadata.ts'
import { checkPageLimit, decodeRoomCursor, pageOf } from './room-listing.ts'
import { decodeUploadRecord, decodeUploadSize, encodeUploadRecord, encodeUploadSize, roomUploadRange, uploadKey, uploadSizeKey } from './level-upload-records.ts'
import { AppendLog, ROOM_DELETED_SEQ, type AppendedRecord, type AppendLogRecord } from './append-log.ts'
import { readableRecords, type ReadRecord } from './readable-records.ts'
import { CompactionRangeError, DocumentDeletedError, LevelBehindLogError } from './store-errors.ts'
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

/** Listing keys written per batch while the listing is built at open. */
const LISTING_BUILD_BATCH = 10_000

const NO_BYTES = new Uint8Array(0)

/** What this process knows about a room. */
interface RoomWrites {
  lastSeq: number
  /** When the room was created; null while it has no creation record. */
  createdAt: number | null
  /** Deleted (or being deleted) and not created again: appends reject. */
  deleted: boolean
  /** Settles once every write of the room queued so far has (a compaction waits for it before reading). */
  written: Promise<unknown>
  /** The room's metadata changes, one after another; settles (never rejects) once the last one queued has. */
  metadataWritten: Promise<void>
  /** The last deletion: settles once it is durable (or failed). */
  deletion: Promise<void>
}

type RoomState = Pick<RoomWrites, 'lastSeq' | 'createdAt' | 'deleted'>

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
    await buildRoomListing(db)
    return new LevelStore(db, opened.log, options, { replayedRecords, droppedBytes: opened.droppedBytes })
  }

  async loadRoom(roomId: string): Promise<StoredRoom> {
    await this.landed(roomId)
    if ((await this.roomState(roomId)).deleted) return { updates: [], lastSeq: 0, setAside: [], deleted: true }
    const records: ReadRecord[] = []
    // One iterator reads one snapshot: updates and lastSeq agree.
    for await (const [key, value] of this.db.iterator(updateKeyRange(roomId))) records.push({ seq: seqOf(key), update: value })
    return readableRecords(records)
  }

  async roomInfo(roomId: string): Promise<RoomInfo | null> {
    const { lastSeq, createdAt, deleted } = await this.roomState(roomId)
    if (deleted) return { lastSeq: 0, createdAt: null, deleted: true }
    return lastSeq === 0 && createdAt === null ? null : { lastSeq, createdAt }
  }

  createRoom(roomId: string, createdAt: number): Promise<boolean> {
    return this.holding(roomId, async (room) => {
      // A deletion in progress decides first: it may fail and leave the room as it was.
      await room.deletion.catch(() => undefined)
      if (room.createdAt !== null || (room.lastSeq > 0 && !room.deleted)) return false
      // Reserved before the write: a racing creation or first append sees the room as created.
      room.createdAt = createdAt
      const operations: LevelOperation[] = [
        { type: 'put', key: roomCreatedKey(roomId), value: encodeCreatedAt(createdAt) },
        { type: 'put', key: roomListingKey(roomId), value: NO_BYTES },
      ]
      if (room.deleted) operations.push({ type: 'del', key: roomDeletedKey(roomId) })
      await this.writes.write(operations).catch((error: unknown) => {
        room.createdAt = null
        throw error
      })
      // Appends were refused until the tombstone was gone from disk: one taken earlier would be lost at the next start.
      room.deleted = false
      return true
    })
  }

  appendUpdate(roomId: string, update: Uint8Array): Promise<number> {
    return this.holding(roomId, async (room, entry) => {
      if (this.failure) throw this.failure
      if (room.deleted) throw new DocumentDeletedError(roomId)
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
      if (room.deleted) throw new DocumentDeletedError(roomId)
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

  async listUploads(roomId: string): Promise<string[]> {
    const uploads = roomUploadRange('uploads', roomId)
    const ids: string[] = []
    for await (const key of this.db.keys(uploads)) ids.push(decodeStringPart(key, uploads.prefixLength))
    return ids
  }

  async getUpload(roomId: string, uploadId: string): Promise<StoredUpload | null> {
    const record = await this.db.get(uploadKey(roomId, uploadId))
    return record === undefined ? null : decodeUploadRecord(record)
  }

  recordMetadata(roomId: string, change: MetadataChange): Promise<void> {
    return this.holding(roomId, (room) => {
      // One after another: each merges its writers into those the previous one left.
      const recorded = room.metadataWritten.then(async () => {
        if (room.deleted || (room.lastSeq === 0 && room.createdAt === null)) return
        const kept = await this.db.get(roomMetadataKey(roomId))
        // Checked again right before queueing: a deletion queues its batch after this write, or this one sees it.
        if (room.deleted) return
        const metadata = applyMetadataChange(kept === undefined ? [] : decodeMetadata(kept).lastWriters, change)
        await this.writes.write([{ type: 'put', key: roomMetadataKey(roomId), value: encodeMetadata(metadata) }])
      })
      room.metadataWritten = recorded.catch(() => undefined)
      return recorded
    })
  }

  async documentMetadata(roomId: string): Promise<DocumentMetadata | null> {
    const info = await this.roomInfo(roomId)
    if (info === null || info.deleted) return null
    const recorded = await this.db.get(roomMetadataKey(roomId))
    return { ...(recorded === undefined ? unrecordedMetadata() : decodeMetadata(recorded)), createdAt: info.createdAt }
  }

  async listRooms(page: { limit: number; cursor: string | null }): Promise<RoomListing> {
    checkPageLimit(page.limit)
    // A room's first record (which lists it) may still be on its way to LevelDB.
    await Promise.all([...this.landing])
    const ids: Array<{ id: string }> = []
    const range = roomListingRange(page.cursor === null ? null : decodeRoomCursor(page.cursor))
    for await (const key of this.db.keys({ ...range, limit: page.limit + 1 })) ids.push({ id: roomIdOfListingKey(key) })
    const { rooms, nextCursor } = pageOf(ids, page.limit)
    const values = await this.db.getMany(rooms.flatMap(({ id }) => [roomCreatedKey(id), roomMetadataKey(id)]))
    return {
      rooms: rooms.map(({ id }, i) => {
        const [created, metadata] = [values[2 * i], values[2 * i + 1]]
        return { id, ...(metadata === undefined ? unrecordedMetadata() : decodeMetadata(metadata)), createdAt: created === undefined ? null : decodeCreatedAt(created) }
      }),
      nextCursor,
    }
  }

  deleteRoom(roomId: string): Promise<void> {
    return this.holding(roomId, async (room) => {
      if (this.failure) throw this.failure
      if (room.deleted) return await room.deletion
      if (room.lastSeq === 0 && room.createdAt === null) return
      // From here on appends reject, and a creation waits for the outcome.
      room.deleted = true
      room.deletion = this.erase(roomId, room)
      await room.deletion
    })
  }

  /** The second half of deleteRoom: the mark in the log, then every key of the room gone and the tombstone, in one batch. */
  private async erase(roomId: string, room: RoomWrites): Promise<void> {
    try {
      await Promise.all([room.written, room.metadataWritten])
      // Every record of the room is in LevelDB now, unless LevelDB failed: then the mark would hide records it lacks.
      if (this.failure) throw this.failure
      const mark = await this.log.append({ roomId, seq: ROOM_DELETED_SEQ, update: NO_BYTES })
      try {
        const keys: Uint8Array[] = []
        for (const range of [updateKeyRange(roomId), roomUploadRange('uploads', roomId), roomUploadRange('sizes', roomId)]) {
          for await (const key of this.db.keys(range)) keys.push(key)
        }
        keys.push(stateVectorKey(roomId), roomCreatedKey(roomId), roomMetadataKey(roomId), roomListingKey(roomId))
        await this.writes.write([...keys.map((key) => ({ type: 'del' as const, key })), { type: 'put', key: roomDeletedKey(roomId), value: encodeDeletedAt(Date.now()) }])
      } finally {
        this.log.landed(mark)
      }
      room.lastSeq = 0
      room.createdAt = null
    } catch (error) {
      room.deleted = false
      throw error
    }
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

  /**
   * The room's state as this process keeps it, else as LevelDB has it: a
   * kept room's last seq counts the records LevelDB does not have yet, and
   * rooms not kept have all theirs in LevelDB.
   */
  private async roomState(roomId: string): Promise<RoomState> {
    const entry = this.rooms.get(roomId)
    const known = entry ? await entry.ready.then(({ lastSeq, createdAt, deleted }) => ({ lastSeq, createdAt, deleted }), () => null) : null
    return known ?? (await readRoomState(this.db, roomId))
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
      const ready = readRoomState(this.db, roomId).then((state) => ({ ...state, written: Promise.resolve(), metadataWritten: Promise.resolve(), deletion: Promise.resolve() }))
      entry = { holders: 0, ready, stale: false, unlanded: 0 }
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
  const lastDeletionMarks = new Map<string, number>()
  records.forEach((record, index) => {
    if (record.seq === ROOM_DELETED_SEQ) lastDeletionMarks.set(record.roomId, index)
  })
  const lastSeqs = new Map<string, number>()
  const operations: LevelOperation[] = []
  let replayed = 0
  for (const [index, record] of records.entries()) {
    // LevelDB had every record of the room logged before its deletion mark (the deletion may have removed them since).
    if (index <= (lastDeletionMarks.get(record.roomId) ?? -1)) continue
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

async function readRoomState(db: ClassicLevel<Uint8Array, Uint8Array>, roomId: string): Promise<RoomState> {
  const [lastSeq, created, tombstone] = await Promise.all([readLastSeq(db, roomId), db.get(roomCreatedKey(roomId)), db.get(roomDeletedKey(roomId))])
  return { lastSeq, createdAt: created === undefined ? null : decodeCreatedAt(created), deleted: tombstone !== undefined }
}

/**
 * Lists every room of a data directory written before the listing existed
 * (by an older Seed, or by y-leveldb): those with records (y-leveldb's state
 * vector key) and those created and not written. Once done it is never
 * needed again: from then on a room's creation and first record list it.
 */
async function buildRoomListing(db: ClassicLevel<Uint8Array, Uint8Array>): Promise<void> {
  if ((await db.get(ROOM_LISTING_BUILT_KEY)) !== undefined) return
  let operations: LevelOperation[] = []
  for (const range of [stringPartsUnder(['v1_sv']), stringPartsUnder(['seed', 'room-created'])]) {
    for await (const key of db.keys(range)) {
      operations.push({ type: 'put', key: roomListingKey(decodeStringPart(key, range.prefixLength)), value: NO_BYTES })
      if (operations.length < LISTING_BUILD_BATCH) continue
      await db.batch(operations)
      operations = []
    }
  }
  // Synced: it says every batch before it is there.
  await db.batch([...operations, { type: 'put', key: ROOM_LISTING_BUILT_KEY, value: NO_BYTES }], { sync: true })
}

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

/**
 * A record's put; the first record also writes y-leveldb's state-vector record, through which y-leveldb lists
 * documents, the room's listing key, and its creation record when `createdAt` is given (nobody created the room before).
 */
function recordOperations(roomId: string, seq: number, update: Uint8Array, createdAt: number | null = null): LevelOperation[] {
  const record: LevelOperation = { type: 'put', key: keyOf(roomId, seq), value: update }
  if (seq > 1) return [record]
  const first: LevelOperation[] = [
    record,
    { type: 'put', key: stateVectorKey(roomId), value: encodeStateVectorRecord(seq - 1, stateVectorOf(update)) },
    { type: 'put', key: roomListingKey(roomId), value: NO_BYTES },
  ]
  return createdAt === null ? first : [...first, { type: 'put', key: roomCreatedKey(roomId), value: encodeCreatedAt(createdAt) }]
}
