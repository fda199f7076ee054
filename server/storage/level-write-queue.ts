/**
 * One durable write path for every room of a LevelStore (group commit across
 * rooms). The puts asked for in one task, and those asked for while a batch
 * is being written, go to LevelDB together as one batch: fifty
 * busy rooms cost one write per turn, not fifty queues of small writes.
 *
 * Guarantees: writes reach LevelDB in the order they were queued (so each
 * room's records keep their order), each caller's promise settles only once
 * its own operations are durable (or failed). A failed batch rejects the
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

export class LevelWriteQueue {
  private queue: QueuedWrite[] = []
  private draining = false

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
   * Starts draining once the current task and the microtasks queued before
   * this one have run: the rooms appending in this task (one fair-scheduler
   * turn handles every session's frames in one task) land in the same batch,
   * without waiting for another event-loop turn.
   */
  private start(): void {
    if (this.draining) return
    this.draining = true
    queueMicrotask(() => void this.drain())
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue
      this.queue = []
      try {
        await this.db.batch(
          group.flatMap((write) => write.operations),
          { sync: this.sync },
        )
        for (const write of group) write.resolve()
      } catch (error) {
        for (const write of group) write.reject(error)
      }
    }
    this.draining = false
  }
}
