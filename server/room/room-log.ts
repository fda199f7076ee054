/**
 * The single writer of one room's records. Appends (group commit) and
 * compactions are requests to one write loop, so nothing writes the room's
 * records beside it.
 *
 * Group commit: updates are queued as they are applied, written as one merged
 * record per batch, and every effect that reveals document state to others
 * (broadcasts, sync replies) waits until everything applied before it is
 * durable. While one write is in flight the next batch forms, which is what
 * makes "stored before broadcast" cost little.
 *
 * Compaction replaces the records up to the highest seq through which the
 * room has applied every record (its own and those other writers published)
 * by the document's state, so records another writer added meanwhile stay.
 * One runs at a time, beside the appends: the store keeps records appended
 * during a compaction (DocumentStore contract), so a compaction never holds
 * back a batch and its broadcast (it waits for the store to read and rewrite
 * the room, which under load took 50–150 ms: bench:many-rooms' tail).
 */
import * as Y from 'yjs'
import type { DocumentStore, Writer } from '../storage/document-store.ts'
import { StoreWriteError } from '../errors.ts'

interface PendingEffect {
  /** Runs once this many applied updates are durable. */
  applied: number
  run: () => void
  /** Runs instead when the log fails first. */
  abandon?: (error: StoreWriteError) => void
}

export interface WrittenBatch {
  seq: number
  record: Uint8Array
  seconds: number
  /** Who wrote the batch's updates, each once (equal subject and name), in the order they first wrote. */
  writers: Writer[]
}

export interface RoomLogOptions {
  store: DocumentStore
  roomId: string
  /** What the room loaded: how many records and the highest seq among them. */
  loaded: { records: number; lastSeq: number }
  /** Compact once the room has more records than this. */
  compactAfterUpdates: number
  /** The full document state (Y.encodeStateAsUpdate), for compaction. */
  snapshot: () => Uint8Array
  /** A batch is durable as record `seq`; called before the effects that waited for it. */
  onBatchWritten: (batch: WrittenBatch) => void
  /** Called once when a write fails; nothing after it is written or run. */
  onWriteFailure: (error: StoreWriteError) => void
  /** The records up to `upToSeq` were replaced by one of `bytes`. */
  onCompacted: (compaction: { upToSeq: number; bytes: number }) => void
}

export class RoomLog {
  private appliedCount = 0
  private durableCount = 0
  private queued: Uint8Array[] = []
  /** The writer of each queued update, in the same order. */
  private queuedWriters: Writer[] = []
  private readonly effects: PendingEffect[] = []
  private writing: Promise<void> | null = null
  /** The compaction running beside the appends, if any. */
  private compacting: Promise<void> | null = null
  private compactionRequested = false
  private failure: StoreWriteError | null = null
  /** Every record with seq <= this has been applied to the document. */
  private appliedThrough: number
  /** Applied records above `appliedThrough`, waiting for the gap below them to fill. */
  private readonly appliedAbove = new Set<number>()
  /** Records the room knows of: counted here, never asked of the store (another writer may add some). */
  private records: number
  /** The seq of the last merged record this log wrote or loaded: compacting up to it again would change nothing. */
  private compactedThrough: number
  /** Records past which the room compacts while open (see shouldCompact). */
  private compactionThreshold: number

  constructor(private readonly options: RoomLogOptions) {
    this.appliedThrough = options.loaded.lastSeq
    this.records = options.loaded.records
    this.compactedThrough = options.loaded.records <= 1 ? options.loaded.lastSeq : 0
    this.compactionThreshold = this.drawCompactionThreshold()
  }

  /** Updates applied to the document that are not stored yet (the room exists before its first write lands). */
  get unstoredCount(): number {
    return this.appliedCount - this.durableCount
  }

  /** Queues an update that has been applied to the room's document, written by `writer`. */
  append(update: Uint8Array, writer: Writer): void {
    if (this.failure) return
    this.appliedCount += 1
    this.queued.push(update)
    this.queuedWriters.push(writer)
    this.kick()
  }

  /** A record another writer stored (heard on the bus) has been applied to the document. */
  noteRemoteRecord(seq: number): void {
    if (this.hasApplied(seq)) return
    this.records += 1
    this.markApplied(seq)
  }

  /** Whether record `seq` is applied to the document already (loaded, written here, heard, or caught up on). */
  hasApplied(seq: number): boolean {
    return seq <= this.appliedThrough || this.appliedAbove.has(seq)
  }

  /**
   * The lowest seq not applied yet while a higher one is: a record another
   * writer stored whose message has not arrived (or never will). Null when
   * every record up to the highest applied one is applied.
   */
  get missingSeq(): number | null {
    return this.appliedAbove.size > 0 ? this.appliedThrough + 1 : null
  }

  /** Every record the store held (`records` of them, up to `lastSeq`) has been applied: the room caught up from the store. */
  noteCaughtUp(stored: { records: number; lastSeq: number }): void {
    if (stored.lastSeq > this.appliedThrough) this.appliedThrough = stored.lastSeq
    for (const seq of this.appliedAbove) if (seq <= this.appliedThrough) this.appliedAbove.delete(seq)
    this.advanceAppliedThrough()
    this.records = stored.records + this.appliedAbove.size
  }

  /** Runs `effect` once every update appended so far is stored. */
  afterDurable(effect: () => void): void {
    if (this.failure) return
    if (this.durableCount >= this.appliedCount && this.effects.length === 0) {
      effect()
      return
    }
    this.effects.push({ applied: this.appliedCount, run: effect })
  }

  /** Resolves once every update appended so far is stored; rejects with the StoreWriteError when the log fails first. */
  whenDurable(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure)
      if (this.durableCount >= this.appliedCount && this.effects.length === 0) return resolve()
      this.effects.push({ applied: this.appliedCount, run: resolve, abandon: reject })
    })
  }

  /** Resolves once everything appended so far has been written and no compaction runs (or the log failed). */
  async flush(): Promise<void> {
    while (this.writing || this.compacting) await (this.writing ?? this.compacting)
  }

  /** Asks the write loop for a compaction after what is queued; resolves when it ran (or the log failed). */
  async compact(): Promise<void> {
    if (this.failure) return
    this.compactionRequested = true
    this.kick()
    await this.flush()
  }

  private kick(): void {
    this.writing ??= this.writeLoop()
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queued.length > 0 || this.compactionRequested) {
        if (this.queued.length > 0) {
          await this.writeBatch()
          if (this.shouldCompact()) this.compactBeside()
        } else {
          // A requested compaction runs once everything queued before it is written, after the one running.
          this.compactionRequested = false
          if (this.compacting) await this.compacting
          await this.compactNow()
        }
      }
    } catch (cause) {
      this.fail(cause)
    } finally {
      this.compactionRequested = false
      this.writing = null
    }
  }

  private async writeBatch(): Promise<void> {
    const batch = this.queued
    const writers = distinctWriters(this.queuedWriters)
    const batchEnd = this.appliedCount
    this.queued = []
    this.queuedWriters = []
    const record = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)
    const started = performance.now()
    const seq = await this.options.store.appendUpdate(this.options.roomId, record)
    this.records += 1
    this.markApplied(seq)
    this.durableCount = batchEnd
    this.options.onBatchWritten({ seq, record, seconds: (performance.now() - started) / 1000, writers })
    this.releaseEffects()
  }

  /**
   * Past `compactAfterUpdates` records plus a random part of it, drawn again
   * after each compaction: rooms written at the same pace (a class, a bench)
   * would otherwise all compact in the same moment, a burst of reads,
   * deletions and LevelDB work that every room's broadcasts feel.
   */
  private shouldCompact(): boolean {
    return this.records > this.compactionThreshold && !this.compacting
  }

  private drawCompactionThreshold(): number {
    return this.options.compactAfterUpdates + Math.floor(Math.random() * (this.options.compactAfterUpdates / 2))
  }

  /** Starts a compaction that the appends do not wait for; a failure fails the log like a failed write. */
  private compactBeside(): void {
    this.compacting = this.compactNow()
      .catch((cause: unknown) => this.fail(cause))
      .finally(() => {
        this.compacting = null
      })
  }

  private async compactNow(): Promise<void> {
    const upToSeq = this.appliedThrough
    // Nothing new to merge: no record yet, or already one merged record up to here.
    if (upToSeq === 0 || upToSeq === this.compactedThrough) return
    // Records at or below upToSeq become one; those above it (applied out of order, or appended meanwhile) stay.
    const replaced = this.records - this.appliedAbove.size
    const merged = this.options.snapshot()
    await this.options.store.compactRoom(this.options.roomId, merged, upToSeq)
    this.records -= replaced - 1
    this.compactedThrough = upToSeq
    this.compactionThreshold = this.drawCompactionThreshold()
    this.options.onCompacted({ upToSeq, bytes: merged.byteLength })
  }

  private fail(cause: unknown): void {
    if (this.failure) return
    const failure = new StoreWriteError(this.options.roomId, { cause })
    this.failure = failure
    this.queued = []
    this.queuedWriters = []
    const abandoned = this.effects.splice(0)
    this.options.onWriteFailure(failure)
    for (const effect of abandoned) effect.abandon?.(failure)
  }

  private markApplied(seq: number): void {
    // A record the room caught up on from the store (its own write may land after that read).
    if (seq <= this.appliedThrough) return
    this.appliedAbove.add(seq)
    this.advanceAppliedThrough()
  }

  private advanceAppliedThrough(): void {
    while (this.appliedAbove.delete(this.appliedThrough + 1)) this.appliedThrough += 1
  }

  private releaseEffects(): void {
    while (this.effects.length > 0 && this.effects[0]!.applied <= this.durableCount) {
      this.effects.shift()!.run()
    }
  }
}

/** Each writer once (equal subject and name), in the order they first wrote. */
function distinctWriters(writers: readonly Writer[]): Writer[] {
  const seen = new Map<string, Writer>()
  for (const writer of writers) {
    const key = JSON.stringify([writer.subject, writer.name])
    if (!seen.has(key)) seen.set(key, writer)
  }
  return [...seen.values()]
}
