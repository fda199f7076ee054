/**
 * One LevelDB write path for every room of a LevelStore (group commit across
 * rooms). The puts asked for in one task go to LevelDB together as one
 * batch, and what is asked for while a batch is written goes as the next:
 * fifty busy rooms cost one write per turn, not fifty queues of small
 * writes. One batch at a time, so batches land in the order they were
 * asked for: LevelStore relies on that (a room's records land in seq order,
 * which is what its append-log replay assumes). Nobody waits for these
 * writes on the way to a broadcast: the append log made the records durable
 * first, so a slow batch delays only LevelDB catching up.
 *
 * Guarantees: each caller's promise settles only once its own operations are
 * written (or failed), in the order of the calls; a failed batch rejects the
 * callers in it and the queue carries on.
 */
import type { BatchOperation, ClassicLevel } from 'classic-level'

type Db = ClassicLevel<Uint8Array, Uint8Array>
export type LevelOperation = BatchOperation<Db, Uint8Array, Uint8Array>

interface QueuedWrite {
  operations: LevelOperation[]
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Operations per batch at most (a single write, a compaction, may be larger).
 * abstract-level prepares a batch synchronously on the main thread (about
 * 1 µs per operation on a quiet machine, far more on a busy one): when
 * LevelDB has fallen behind, one batch of everything queued would hold the
 * event loop, and every room's broadcast, for as long (120 ms seen in a
 * profile of bench:many-rooms).
 */
const MAX_BATCH_OPERATIONS = 256

export class LevelWriteQueue {
  private queue: QueuedWrite[] = []
  private writing = false
  private startScheduled = false

  constructor(
    private readonly db: Db,
    private readonly sync: boolean,
  ) {}

  /** Resolves once `operations` are written, in one LevelDB batch with whatever else was queued beside them. */
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
    if (this.startScheduled || this.writing) return
    this.startScheduled = true
    queueMicrotask(() => {
      this.startScheduled = false
      void this.writeBatch()
    })
  }

  private async writeBatch(): Promise<void> {
    const group = this.takeBatch()
    if (group.length === 0) return
    this.writing = true
    try {
      await this.db.batch(
        group.flatMap((write) => write.operations),
        { sync: this.sync },
      )
      for (const write of group) write.resolve()
    } catch (error) {
      for (const write of group) write.reject(error)
    } finally {
      this.writing = false
      if (this.queue.length > 0) this.start()
    }
  }

  /** The oldest queued writes, whole, up to about MAX_BATCH_OPERATIONS operations (at least one write). */
  private takeBatch(): QueuedWrite[] {
    let operations = 0
    let count = 0
    while (count < this.queue.length && (count === 0 || operations + this.queue[count]!.operations.length <= MAX_BATCH_OPERATIONS)) {
      operations += this.queue[count]!.operations.length
      count += 1
    }
    return this.queue.splice(0, count)
  }
}
