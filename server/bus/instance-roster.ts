/**
 * Which other instances are alive, from what this one hears of them: any
 * message counts as a sign of life, and one not heard from for `timeoutMs`
 * is gone. A pure clock-driven record (the caller supplies `now`), so it is
 * tested without waiting.
 */
export class InstanceRoster {
  private readonly lastHeard = new Map<string, number>()

  constructor(private readonly timeoutMs: number) {}

  /** Instances currently alive, this one not included. */
  get size(): number {
    return this.lastHeard.size
  }

  /** Records a sign of life; true when the instance was not known (it joined, or came back). */
  heard(instance: string, now: number): boolean {
    const known = this.lastHeard.has(instance)
    this.lastHeard.set(instance, now)
    return !known
  }

  /** Forgets an instance that said goodbye; true when it was known. */
  remove(instance: string): boolean {
    return this.lastHeard.delete(instance)
  }

  /** Removes and returns the instances not heard from for the timeout. */
  expire(now: number): string[] {
    const gone: string[] = []
    for (const [instance, heardAt] of this.lastHeard) {
      if (now - heardAt >= this.timeoutMs) {
        this.lastHeard.delete(instance)
        gone.push(instance)
      }
    }
    return gone
  }

  /**
   * Gives every known instance a fresh timeout: after this instance could
   * hear nothing (its own connection was down), silence says nothing of theirs.
   */
  restartTimeouts(now: number): void {
    for (const instance of this.lastHeard.keys()) this.lastHeard.set(instance, now)
  }
}
