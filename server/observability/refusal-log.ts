/**
 * Log lines of refusals (admission refusals, limit hits), at most one per
 * cause per interval (LOG_REFUSALS_INTERVAL_MS): a client retrying a refused
 * connection, or many clients hitting one limit, would otherwise flood the
 * log. The ones not written are counted: the next line of the cause carries
 * `suppressed`, and when the interval ends with some counted and none
 * written, one line says how many, with the fields of the last of them.
 */
import type { Logger } from 'pino'
import { PerCauseThrottle } from './per-cause-throttle.ts'

type Level = 'info' | 'warn'

interface LastRefusal {
  logger: Logger
  level: Level
  fields: Record<string, unknown>
  message: string
}

export class RefusalLog {
  private readonly throttle: PerCauseThrottle
  private readonly last = new Map<string, LastRefusal>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.throttle = new PerCauseThrottle(intervalMs)
  }

  /** Writes `message` with `fields` and the cause on `logger`, unless a line of this cause was written within the interval. */
  refused(cause: string, logger: Logger, level: Level, fields: Record<string, unknown>, message: string): void {
    const suppressed = this.throttle.pass(cause, this.now())
    if (suppressed === null) {
      this.last.set(cause, { logger, level, fields, message })
      this.scheduleCounts()
      return
    }
    this.last.delete(cause)
    logger[level]({ ...fields, cause, ...(suppressed > 0 ? { suppressed } : {}) }, message)
  }

  /** Stops the timer; counts not yet written are dropped (the server is stopping). */
  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private scheduleCounts(): void {
    const dueAt = this.throttle.nextDueAt()
    if (this.timer || dueAt === null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.writeCounts()
      this.scheduleCounts()
    }, Math.max(0, dueAt - this.now()))
    this.timer.unref()
  }

  private writeCounts(): void {
    for (const { cause, suppressed } of this.throttle.due(this.now())) {
      const last = this.last.get(cause)
      this.last.delete(cause)
      if (!last) continue
      const seconds = this.intervalMs / 1000
      last.logger[last.level]({ ...last.fields, cause, suppressed }, `${last.message} (${suppressed} like it in the last ${seconds} s, this one the last of them)`)
    }
  }
}
