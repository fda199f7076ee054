/**
 * Group commit for one room: updates are queued as they are applied, written
 * to the store in batches (one merged record per batch), and every side effect
 * that reveals document state to others (broadcasts, sync replies) waits until
 * everything applied before it is durable. This is what makes "stored before
 * broadcast" cost little: while one write is in flight the next batch forms.
 */
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/document-store.ts'
import { StoreWriteError } from '../errors.ts'

interface PendingEffect {
  seq: number
  run: () => void
}

export interface DurableUpdateLogOptions {
  store: DocumentStore
  roomId: string
  /** Compact once the room has more stored records than this. */
  compactAfterUpdates: number
  /** The full document state, for compaction. */
  snapshot: () => { update: Uint8Array; stateVector: Uint8Array }
  /** Called once when a write fails; nothing after it is written or run. */
  onWriteFailure: (error: StoreWriteError) => void
  onBatchWritten?: (updates: number, bytes: number, seconds: number) => void
}

export class DurableUpdateLog {
  private appliedSeq = 0
  private durableSeq = 0
  private queued: Uint8Array[] = []
  private readonly effects: PendingEffect[] = []
  private writing: Promise<void> | null = null
  private failed = false

  constructor(private readonly options: DurableUpdateLogOptions) {}

  /** Queues an update that has been applied to the room's document. */
  append(update: Uint8Array): void {
    if (this.failed) return
    this.appliedSeq += 1
    this.queued.push(update)
    this.writing ??= this.writeLoop()
  }

  /** Runs `effect` once every update appended so far is stored. */
  afterDurable(effect: () => void): void {
    if (this.failed) return
    if (this.durableSeq >= this.appliedSeq && this.effects.length === 0) {
      effect()
      return
    }
    this.effects.push({ seq: this.appliedSeq, run: effect })
  }

  /** Resolves once everything appended so far has been written (or the log failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing
  }

  /** Replaces the stored records by one; called on unload and when the count grows. */
  async compact(): Promise<void> {
    await this.flush()
    if (this.failed) return
    const { update, stateVector } = this.options.snapshot()
    await this.options.store.compactRoom(this.options.roomId, update, stateVector)
  }

  get pendingUpdates(): number {
    return this.queued.length
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const batch = this.queued
        const batchEndSeq = this.appliedSeq
        this.queued = []
        const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)
        const started = performance.now()
        await this.options.store.appendUpdate(this.options.roomId, merged)
        this.options.onBatchWritten?.(batch.length, merged.byteLength, (performance.now() - started) / 1000)
        this.durableSeq = batchEndSeq
        this.releaseEffects()
        if (this.shouldCompact()) {
          const { update, stateVector } = this.options.snapshot()
          await this.options.store.compactRoom(this.options.roomId, update, stateVector)
        }
      }
    } catch (cause) {
      this.failed = true
      this.queued = []
      this.effects.length = 0
      this.options.onWriteFailure(new StoreWriteError(this.options.roomId, { cause }))
    } finally {
      this.writing = null
    }
  }

  /**
   * Compaction holds back the next batch (and so its broadcast), so it waits
   * for a moment with nothing queued; under constant load it runs anyway once
   * the record count doubles, which keeps the count bounded.
   */
  private shouldCompact(): boolean {
    const stored = this.options.store.storedUpdateCount(this.options.roomId)
    const limit = this.options.compactAfterUpdates
    return stored > limit && (this.queued.length === 0 || stored > 2 * limit)
  }

  private releaseEffects(): void {
    while (this.effects.length > 0 && this.effects[0]!.seq <= this.durableSeq) {
      this.effects.shift()!.run()
    }
  }
}
