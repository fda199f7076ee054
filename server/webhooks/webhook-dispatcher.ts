/**
 * The delivery loop: claims due deliveries from the outbox, sends each
 * (a few at a time), and records what happened: delivered, due again after
 * the next delay of the schedule, or failed once the schedule is used up.
 * It wakes when a delivery is added or sealed here, when an attempt ends,
 * and at the next due time; it also looks every few seconds for deliveries
 * another instance left (their lease ended) or that are due on another's
 * clock. `stop` waits a bounded time for attempts in flight, then cuts them
 * short and hands them back to the outbox, due at once.
 */
import type { Logger } from 'pino'
import type { Counter } from 'prom-client'
import type { ClaimedDelivery, WebhookOutbox } from './webhook-outbox.ts'
import type { WebhookSender } from './webhook-sender.ts'
import { webhookBody } from './webhook-event.ts'
import { nextAttemptAt } from './retry-schedule.ts'

/** Attempts in flight at once. */
const MAX_IN_FLIGHT = 16
/** A claimed delivery is this instance's for this long: far above the attempt timeout, so only a dead claimer's lease ends. */
const LEASE_MS = 60_000
/** How often the loop looks for work it was not told about (another instance's rows, ended leases). */
const IDLE_POLL_MS = 5000
/** How long shutdown waits for attempts in flight. */
const STOP_WAIT_MS = 5000
/** Delivered and failed deliveries are kept this long for GET /api/v1/webhooks/deliveries. */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000
const PRUNE_INTERVAL_MS = 60 * 60 * 1000

export interface WebhookDispatcherOptions {
  outbox: WebhookOutbox
  sender: WebhookSender
  retryScheduleMs: readonly number[]
  logger: Logger
  /** Attempts by outcome: delivered, retried, failed. */
  attempts: Counter<'outcome'>
}

export class WebhookDispatcher {
  private stopping = false
  private woken = false
  private wakeUp: (() => void) | null = null
  private readonly inFlight = new Set<Promise<void>>()
  private readonly abort = new AbortController()
  private lastPrunedAt = 0
  private readonly loop: Promise<void>

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.loop = this.run()
  }

  /** There may be work due now. */
  wake(): void {
    const wakeUp = this.wakeUp
    this.wakeUp = null
    if (wakeUp) wakeUp()
    else this.woken = true
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.wake()
    await this.loop
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([Promise.all(this.inFlight), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))])
      clearTimeout(timer)
      this.abort.abort()
      await Promise.all(this.inFlight)
    }
  }

  private async run(): Promise<void> {
    const { outbox, logger } = this.options
    while (!this.stopping) {
      try {
        const room = MAX_IN_FLIGHT - this.inFlight.size
        const claims = room > 0 ? await outbox.claimDue(Date.now(), room, LEASE_MS) : []
        for (const claim of claims) this.track(this.attempt(claim))
        if (claims.length > 0 && claims.length === room) continue
        await this.pruneNowAndThen()
        const next = await outbox.nextDueAt()
        await this.sleep(Math.min(next === null ? IDLE_POLL_MS : next - Date.now(), IDLE_POLL_MS))
      } catch (error) {
        logger.error({ err: error }, 'webhooks: the outbox could not be read; trying again shortly')
        await this.sleep(IDLE_POLL_MS)
      }
    }
  }

  private track(attempt: Promise<void>): void {
    this.inFlight.add(attempt)
    void attempt.finally(() => {
      this.inFlight.delete(attempt)
      this.wake()
    })
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const { outbox, sender, retryScheduleMs, logger, attempts } = this.options
    try {
      const result = await sender.send(claim, webhookBody(claim), this.abort.signal)
      if (!result.ok && this.abort.signal.aborted) {
        await outbox.release(claim)
        return
      }
      const now = Date.now()
      const attemptsMade = claim.attempts + 1
      const retryAt = result.ok ? null : nextAttemptAt(attemptsMade, retryScheduleMs, now)
      const state = result.ok ? 'delivered' : retryAt === null ? 'failed' : 'pending'
      await outbox.recordAttempt(claim, { state, status: result.status, error: result.error, nextAttemptAt: retryAt }, now)
      attempts.inc({ outcome: state === 'pending' ? 'retried' : state })
      if (!result.ok) {
        const log = { webhookId: claim.id, type: claim.type, room: claim.room, receiver: new URL(claim.url).origin, attempts: attemptsMade, problem: result.error }
        if (retryAt === null) logger.error(log, 'webhooks: delivery failed; every retry of the schedule was used (WEBHOOK_RETRY_SCHEDULE_MS)')
        else logger.warn({ ...log, retryInMs: retryAt - now }, 'webhooks: delivery attempt failed; retrying later')
      }
    } catch (error) {
      // The lease ends on its own and another attempt follows.
      logger.error({ err: error, webhookId: claim.id }, 'webhooks: could not record a delivery attempt in the outbox')
    }
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now()
    if (now - this.lastPrunedAt < PRUNE_INTERVAL_MS) return
    this.lastPrunedAt = now
    const pruned = await this.options.outbox.prune(now - RETENTION_MS)
    if (pruned > 0) this.options.logger.info({ pruned }, 'webhooks: removed deliveries older than the retention')
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null
        resolve()
      }, Math.max(0, ms))
      this.wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}
