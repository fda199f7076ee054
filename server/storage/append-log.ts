/**
 * The append log in front of LevelDB: what makes an update durable without a
 * round trip to libuv's thread pool.
 *
 * Why: a LevelDB write runs on a pool thread (main thread → pool thread →
 * main thread), and every broadcast waited for it. On a busy 2-CPU machine
 * each hand-off waits for a CPU, and LevelDB itself stalls now and then (a
 * memtable switch): that was the whole tail of Seed's latency (issue 11,
 * bench/RESULTS.md). Here the records a task appends, of every room, go to
 * one file with one synchronous `write()` on the main thread, which costs
 * microseconds: once `write()` returns the bytes are in the kernel's page
 * cache, which survives a crash of the process (SIGKILL) like LevelDB's own
 * log does. With STORE_FSYNC the batch is also `fdatasync`ed before it
 * counts as durable. LevelDB gets the same records right after, off the path
 * to the broadcast; LevelStore replays the log at open for whatever LevelDB
 * did not get before a crash. No library does this for LevelDB in Node
 * (classic-level only offers LevelDB's own write path), so it is ours.
 *
 * Files: `seed-append-<generation>.seedlog` inside the LevelDB directory
 * (LevelDB ignores names it does not parse as its own). A segment is sealed
 * past SEGMENT_BYTES, or past ROTATE_WHEN_LANDED_BYTES once LevelDB has all
 * of it, and deleted once every record in it is in LevelDB; a clean close
 * deletes them all, so a closed data directory is plain y-leveldb. Segments
 * go oldest first (a landed one waits for the older ones): the files always
 * hold everything appended since some point, which is what a deletion mark
 * relies on (ROOM_DELETED_SEQ). Record
 * layout: u32 payload length, u32 CRC-32 of the payload, payload = u16 room id length, room id (UTF-8), u32 seq, update bytes; all
 * little-endian. A record cut short by a crash fails its length or CRC and
 * is dropped at open: it was never acknowledged, since acknowledging waits
 * for the whole `write()`.
 *
 * Guarantees: `append` resolves only once its record is in the file (and
 * fsynced with `fsync`), in the order `append` was called; a failed write
 * rejects every record of that write and leaves the file as it was before
 * it (truncated back), so later records are never hidden behind a torn one.
 * If the file cannot be truncated back, or an fsync fails, every later
 * append rejects.
 */
import { closeSync, fdatasync, fstatSync, ftruncateSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'

export interface AppendLogRecord {
  roomId: string
  seq: number
  update: Uint8Array
}

/** A segment's records are counted until LevelDB has them; `landed` takes this back. */
export interface AppendedRecord {
  readonly segment: Segment
}

interface Segment {
  generation: number
  file: string
  fd: number
  bytes: number
  /** Records written here that LevelDB does not have yet. */
  unlanded: number
  sealed: boolean
}

interface PendingAppend {
  encoded: Buffer
  resolve: (record: AppendedRecord) => void
  reject: (error: unknown) => void
}

/**
 * The seq of a mark that a room was deleted: every record of the room logged
 * before it was in LevelDB when it was logged, so a replay skips them. Real
 * seqs never reach it (LevelDB's keys hold y-leveldb's clock, seq - 1, in
 * 32 bits).
 */
export const ROOM_DELETED_SEQ = 0xffffffff

/** A segment is sealed (and a new one started) once it holds this much. */
export const SEGMENT_BYTES = 32 * 2 ** 20
/** The current segment is replaced once it holds this much and LevelDB has all of it. */
export const ROTATE_WHEN_LANDED_BYTES = 2 ** 20
const HEADER_BYTES = 8
const FILE_PATTERN = /^seed-append-(\d+)\.seedlog$/

/** The append log could not take any more records: the file is in an unknown state. */
export class AppendLogBrokenError extends Error {
  override readonly name = 'AppendLogBrokenError'
  constructor(options: { cause: unknown }) {
    super(
      `The append log stopped taking writes after a failed write could not be undone: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}. ` +
        'Free disk space or fix the data directory, then restart Seed: what was acknowledged is replayed from the log.',
      options,
    )
  }
}

/** The append log could not start or delete a file: it keeps working, with a larger or an extra file. */
export class AppendLogHousekeepingError extends Error {
  override readonly name = 'AppendLogHousekeepingError'
  constructor(directory: string, options: { cause: unknown }) {
    super(
      `The append log could not start or delete a file in ${directory}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}. ` +
        'No record is lost, but the log no longer shrinks: check the data directory (permissions, free space, open files) and restart Seed.',
      options,
    )
  }
}

export class AppendLog {
  private current: Segment
  private readonly sealed = new Set<Segment>()
  private pending: PendingAppend[] = []
  private flushScheduled = false
  private broken: AppendLogBrokenError | null = null
  /** The first failure to rotate or delete a file (the log still works; readiness reports it). */
  housekeepingError: AppendLogHousekeepingError | null = null
  /** With fsync, each write's records are acknowledged in order, after the fsyncs before theirs. */
  private previousSync: Promise<void> = Promise.resolve()

  private constructor(
    private readonly directory: string,
    private readonly fsync: boolean,
    generation: number,
  ) {
    this.current = this.openSegment(generation)
  }

  /**
   * Reads every record the segments in `directory` hold, oldest first, then
   * starts a fresh segment after them. The old segments stay until
   * `discardRecovered` (call it once the records are in LevelDB).
   */
  static open(directory: string, options: { fsync: boolean }): { log: AppendLog; recovered: AppendLogRecord[]; recoveredFiles: string[]; droppedBytes: number } {
    const found = readdirSync(directory)
      .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
      .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
      .map((entry) => ({ file: path.join(directory, entry.name), generation: Number(entry.match[1]) }))
      .sort((a, b) => a.generation - b.generation)
    const recovered: AppendLogRecord[] = []
    let droppedBytes = 0
    for (const { file } of found) {
      const read = decodeRecords(readFileSync(file))
      recovered.push(...read.records)
      droppedBytes += read.droppedBytes
    }
    const nextGeneration = (found.at(-1)?.generation ?? 0) + 1
    return { log: new AppendLog(directory, options.fsync, nextGeneration), recovered, recoveredFiles: found.map((entry) => entry.file), droppedBytes }
  }

  /** Deletes the segments `open` read: their records are in LevelDB now. */
  static discardRecovered(files: string[]): void {
    for (const file of files) unlinkSync(file)
  }

  /** Resolves once the record is in the file (fsynced with `fsync`); the records of one task share one write. */
  append(record: AppendLogRecord): Promise<AppendedRecord> {
    if (this.broken) return Promise.reject(this.broken)
    return new Promise((resolve, reject) => {
      this.pending.push({ encoded: encodeRecord(record), resolve, reject })
      if (this.flushScheduled) return
      this.flushScheduled = true
      queueMicrotask(() => this.flush())
    })
  }

  /**
   * LevelDB has this record: a sealed segment goes once it has all of its
   * records, and so does the current one once it holds ROTATE_WHEN_LANDED_BYTES
   * (a new one takes its place), so that the log stays about that small
   * while LevelDB keeps up and a start after a crash has little to read.
   */
  landed(record: AppendedRecord): void {
    const segment = record.segment
    segment.unlanded -= 1
    if (segment.unlanded > 0) return
    if (segment.sealed) this.housekeep(() => this.deleteLandedSegments())
    else if (segment === this.current && segment.bytes >= ROTATE_WHEN_LANDED_BYTES) this.housekeep(() => this.seal(segment))
  }

  /** Closes the segments and, unless `keepFiles` (LevelDB lacks some records), deletes them: the directory is plain LevelDB again. */
  close(options: { keepFiles: boolean }): void {
    for (const segment of [...this.sealed, this.current]) {
      if (options.keepFiles) closeSync(segment.fd)
      else this.deleteSegment(segment)
    }
  }

  private flush(): void {
    this.flushScheduled = false
    const batch = this.pending
    this.pending = []
    if (this.broken) {
      for (const append of batch) append.reject(this.broken)
      return
    }
    const segment = this.current
    const bytes = Buffer.concat(batch.map((append) => append.encoded))
    try {
      writeFully(segment.fd, bytes)
    } catch (error) {
      this.undoWrite(segment)
      for (const append of batch) append.reject(error)
      return
    }
    segment.bytes += bytes.length
    segment.unlanded += batch.length
    const acknowledge = () => {
      for (const append of batch) append.resolve({ segment })
    }
    if (this.fsync) {
      const synced = new Promise<void>((resolve, reject) => fdatasync(segment.fd, (error) => (error ? reject(error) : resolve())))
      const inOrder = Promise.all([this.previousSync, synced])
      this.previousSync = inOrder.then(
        () => undefined,
        () => undefined,
      )
      inOrder.then(acknowledge, (cause: unknown) => {
        // After a failed fsync the file's state is unknown (the kernel may have dropped the pages): take nothing more.
        this.broken ??= new AppendLogBrokenError({ cause })
        for (const append of batch) append.reject(cause)
      })
    } else {
      acknowledge()
    }
    if (segment.bytes >= SEGMENT_BYTES) this.housekeep(() => this.seal(segment))
  }

  /** Cuts a partly written batch off again, so that no later record sits behind a torn one. */
  private undoWrite(segment: Segment): void {
    try {
      ftruncateSync(segment.fd, segment.bytes)
      if (fstatSync(segment.fd).size !== segment.bytes) throw new Error('the file kept a different size')
    } catch (cause) {
      this.broken = new AppendLogBrokenError({ cause })
    }
  }

  /** Starts the next segment (if that fails, nothing changed) and lets this one go once LevelDB has all of it. */
  private seal(segment: Segment): void {
    const next = this.openSegment(segment.generation + 1)
    segment.sealed = true
    this.sealed.add(segment)
    this.current = next
    this.deleteLandedSegments()
  }

  /** Deletes the oldest sealed segments that LevelDB has all of, up to the first it does not. */
  private deleteLandedSegments(): void {
    // A Set iterates in insertion order: segments are sealed oldest first.
    for (const segment of this.sealed) {
      if (segment.unlanded > 0) return
      this.deleteSegment(segment)
    }
  }

  /**
   * Rotating and deleting files is housekeeping: when it fails the log keeps
   * a larger or an extra file, never loses a record, so the error is kept
   * for the readiness check (`housekeepingError`) instead of thrown into a
   * write or a LevelDB callback.
   */
  private housekeep(action: () => void): void {
    try {
      action()
    } catch (cause) {
      this.housekeepingError ??= new AppendLogHousekeepingError(this.directory, { cause })
    }
  }

  private openSegment(generation: number): Segment {
    const file = path.join(this.directory, `seed-append-${String(generation).padStart(8, '0')}.seedlog`)
    return { generation, file, fd: openSync(file, 'w'), bytes: 0, unlanded: 0, sealed: false }
  }

  private deleteSegment(segment: Segment): void {
    this.sealed.delete(segment)
    closeSync(segment.fd)
    unlinkSync(segment.file)
  }
}

function writeFully(fd: number, bytes: Buffer): void {
  let written = 0
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written)
}

export function encodeRecord(record: AppendLogRecord): Buffer {
  const roomId = Buffer.from(record.roomId, 'utf8')
  const payloadLength = 2 + roomId.length + 4 + record.update.length
  const encoded = Buffer.allocUnsafe(HEADER_BYTES + payloadLength)
  encoded.writeUInt32LE(payloadLength, 0)
  encoded.writeUInt16LE(roomId.length, HEADER_BYTES)
  roomId.copy(encoded, HEADER_BYTES + 2)
  encoded.writeUInt32LE(record.seq, HEADER_BYTES + 2 + roomId.length)
  encoded.set(record.update, HEADER_BYTES + 2 + roomId.length + 4)
  encoded.writeUInt32LE(crc32(encoded.subarray(HEADER_BYTES)), 4)
  return encoded
}

/** The whole records at the start of `bytes`; from the first torn or corrupt one on, the rest counts as dropped. */
export function decodeRecords(bytes: Buffer): { records: AppendLogRecord[]; droppedBytes: number } {
  const records: AppendLogRecord[] = []
  let offset = 0
  while (offset + HEADER_BYTES <= bytes.length) {
    const payloadLength = bytes.readUInt32LE(offset)
    const end = offset + HEADER_BYTES + payloadLength
    if (payloadLength < 6 || end > bytes.length) break
    const payload = bytes.subarray(offset + HEADER_BYTES, end)
    if (crc32(payload) !== bytes.readUInt32LE(offset + 4)) break
    const roomIdLength = payload.readUInt16LE(0)
    if (2 + roomIdLength + 4 > payload.length) break
    records.push({
      roomId: payload.toString('utf8', 2, 2 + roomIdLength),
      seq: payload.readUInt32LE(2 + roomIdLength),
      // A view into the file's bytes, not a copy: they are kept only until the replay has written them.
      update: new Uint8Array(payload.buffer, payload.byteOffset + 2 + roomIdLength + 4, payload.length - 2 - roomIdLength - 4),
    })
    offset = end
  }
  return { records, droppedBytes: bytes.length - offset }
}
