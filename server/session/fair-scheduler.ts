/**
 * Round-robin processing of incoming frames across connections. Each turn
 * handles a few frames per busy connection and then yields to the event loop,
 * so one client flooding messages cannot stall every other room.
 */
export interface InboxOwner {
  /** Handles up to `max` queued frames; true when more remain. */
  processSome(max: number): boolean
}

const FRAMES_PER_TURN = 16

export class FairScheduler {
  private ready: InboxOwner[] = []
  private readonly queued = new Set<InboxOwner>()
  private turnScheduled = false

  enqueue(owner: InboxOwner): void {
    if (this.queued.has(owner)) return
    this.queued.add(owner)
    this.ready.push(owner)
    if (!this.turnScheduled) {
      this.turnScheduled = true
      setImmediate(this.runTurn)
    }
  }

  private readonly runTurn = (): void => {
    this.turnScheduled = false
    const turn = this.ready
    this.ready = []
    for (const owner of turn) {
      this.queued.delete(owner)
      if (owner.processSome(FRAMES_PER_TURN)) this.enqueue(owner)
    }
  }
}
