/**
 * One durable write path for every room of a LevelStore (group commit across
 * rooms). The puts asked for in one task go to LevelDB together as one
 * batch: fifty busy rooms cost one write per turn, not fifty queues of small
 * writes. Up to MAX_IN_FLIGHT batches are written at once (LevelDB groups
 * concurrent writers into one write of its own), so one batch that stalls (a
 * memtable switch, a thread-pool thread that is not scheduled on a busy
 * machine) does not hold back every batch behind it.
 *
 * Guarantees: each caller's promise settles only once its own operations are
 * durable (or failed); a failed batch rejects the callers in it and the queue
 * carries on. Batches in flight together may land in either order, so a
 * caller that needs one write on disk before the next (the room log: one
 * append per room at a time; a compaction after its room's earlier appends)
 * waits for the first to resolve.
 */
import type { BatchOperation, ClassicLevel } from 'classic-level'

type Db = ClassicLevel<Uint8Array, Uint8Array>
export type LevelOperation = BatchOperation<Db, Uint8Array, Uint8Array>

interface QueuedWrite {
  operations: LevelOperation[]
  resolve: () => void
  reject: (error: unknown) => void
}

/** Batches written at once: the size of libuv's default thread pool, which runs them. */
const MAX_IN_FLIGHT = 4

export class LevelWriteQueue {
  private queue: QueuedWrite[] = []
  private inFlight = 0
  private startScheduled = false

  constructor(
    private readonly db: Db,
    private readonly sync: boolean,
  ) {}

  /** Resolves once `operations` are durable, written in one LevelDB batch with whatever else was queued beside them. */
  write(operations: LevelOperation[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ operations, resolve, reject })
      this.start()
    })
  }

  /**
   * Starts a batch once the current task and the microtasks queued before
   * this one have run: the rooms appending in this task (one fair-scheduler
   * turn handles every session's frames in one task) land in the same batch,
   * without waiting for another event-loop turn.
   */
  private start(): void {
    if (this.startScheduled || this.inFlight >= MAX_IN_FLIGHT) return
    this.startScheduled = true
    queueMicrotask(() => {
      this.startScheduled = false
      void this.writeBatch()
    })
  }

  private async writeBatch(): Promise<void> {
    const group = this.queue
    if (group.length === 0) return
    this.queue = []
    this.inFlight += 1
    try {
      await this.db.batch(
        group.flatMap((write) => write.operations),
        { sync: this.sync },
      )
      for (const write of group) write.resolve()
    } catch (error) {
      for (const write of group) write.reject(error)
    } finally {
      this.inFlight -= 1
      if (this.queue.length > 0) this.start()
    }
  }
}
