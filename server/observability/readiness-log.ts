/**
 * Logs readiness (/readyz) when it changes, not on every probe: a probe
 * each second of a load balancer would otherwise write an error (with its
 * stack) every second of an outage. One line when the server stops being
 * ready (the reason and its cause's message), one when the reason changes,
 * one when it is ready again.
 */
import type { Logger } from 'pino'

export type Readiness = { ready: true } | { ready: false; reason: string }

export class ReadinessLog {
  /** The reason of the last line written; null: ready (as the server is once it started). */
  private notReadyReason: string | null = null

  constructor(private readonly logger: Logger) {}

  /** A probe's outcome, returned as it is; `cause` is what made it fail (its message is logged, not its stack). */
  record<T extends Readiness>(readiness: T, cause?: unknown): T {
    if (readiness.ready) {
      if (this.notReadyReason !== null) this.logger.info({ after: this.notReadyReason }, 'ready again')
      this.notReadyReason = null
      return readiness
    }
    if (readiness.reason === this.notReadyReason) return readiness
    this.notReadyReason = readiness.reason
    const detail = cause instanceof Error ? cause.message : cause === undefined ? undefined : String(cause)
    this.logger.error({ reason: readiness.reason, cause: detail }, `not ready: ${readiness.reason}`)
    return readiness
  }
}
