/**
 * At most one log line per cause per interval: the first of a cause passes,
 * the others within the interval after it are counted, and once the interval
 * is over the count is due (as one line). A pure, clock-driven record (the
 * caller passes `now`), so it is tested without waiting.
 */
interface CauseState {
  /** When the last line of this cause was written. */
  loggedAt: number
  /** Lines not written since then. */
  suppressed: number
}

export class PerCauseThrottle {
  private readonly causes = new Map<string, CauseState>()

  constructor(private readonly intervalMs: number) {}

  /** null: count this one, write nothing. Otherwise write it, with the number of lines of its cause not written since the last one. */
  pass(cause: string, now: number): number | null {
    const state = this.causes.get(cause)
    if (state && now - state.loggedAt < this.intervalMs) {
      state.suppressed += 1
      return null
    }
    this.causes.set(cause, { loggedAt: now, suppressed: 0 })
    return state?.suppressed ?? 0
  }

  /** The causes whose interval is over with lines not written: each is written now as one line with its count. */
  due(now: number): { cause: string; suppressed: number }[] {
    const due: { cause: string; suppressed: number }[] = []
    for (const [cause, state] of this.causes) {
      if (now - state.loggedAt < this.intervalMs) continue
      if (state.suppressed === 0) {
        // Quiet for a whole interval: forgotten, so rare causes keep no memory.
        this.causes.delete(cause)
        continue
      }
      due.push({ cause, suppressed: state.suppressed })
      this.causes.set(cause, { loggedAt: now, suppressed: 0 })
    }
    return due
  }

  /** When the next count is due; null when nothing waits to be written. */
  nextDueAt(): number | null {
    let next: number | null = null
    for (const state of this.causes.values()) {
      if (state.suppressed > 0) next = Math.min(next ?? Infinity, state.loggedAt + this.intervalMs)
    }
    return next
  }
}
