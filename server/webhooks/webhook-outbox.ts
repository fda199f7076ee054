/**
 * The durable queue webhooks are delivered from: one delivery per event and
 * URL, kept until it was delivered or its retries ran out. LevelDB
 * (level-webhook-outbox.ts) and PostgreSQL (postgres-webhook-outbox.ts)
 * implement it.
 *
 * An implementation must guarantee:
 * - `add` resolves only once every delivery of the event is durable: a
 *   SIGKILL right after loses none of them, and the next start delivers them;
 * - a delivery's id (the `webhook-id` header) and body never change once it
 *   is pending: every attempt sends the same ones;
 * - a debouncing delivery changes only through `seal` (its final data, due
 *   at once) or `claimDue` (once its due time passed: its owner is gone);
 *   both move it to pending, and whichever comes first wins: `seal` after a
 *   claim changes nothing and resolves false;
 * - `claimDue` hands a due delivery to exactly one caller, across every
 *   process sharing the outbox, until its lease ends: only then may another
 *   caller claim it again (its claimer died mid-attempt). A claim's outcome
 *   (`recordAttempt`, `release`) is recorded only while its lease token is
 *   still the delivery's, so a late claimer cannot overwrite a newer attempt;
 * - every method rejects on failure, never resolves with a placeholder.
 */
import type { WebhookEventData, WebhookEventType } from './webhook-event.ts'

/**
 * debouncing: a document.updated whose window is still open (its owner seals it);
 * pending: due at `nextAttemptAt`; delivered: a 2xx answer; failed: every retry refused.
 */
export type DeliveryState = 'debouncing' | 'pending' | 'delivered' | 'failed'

export interface WebhookDelivery {
  /** The webhook-id: the same on every attempt. */
  readonly id: string
  /** Shared by the deliveries of one event (one per URL). */
  readonly eventId: string
  readonly type: WebhookEventType
  readonly room: string
  readonly url: string
  readonly data: WebhookEventData
  readonly occurredAt: number
  readonly state: DeliveryState
  /** Attempts made so far. */
  readonly attempts: number
  /** When it is due (ms since the epoch); null once delivered or failed. */
  readonly nextAttemptAt: number | null
  /** The HTTP status of the last attempt; null before the first or when no answer came. */
  readonly lastStatus: number | null
  /** Why the last attempt failed, without the response body; null when it did not. */
  readonly lastError: string | null
  readonly createdAt: number
}

/** A delivery handed to one caller by `claimDue`. */
export interface ClaimedDelivery extends WebhookDelivery {
  readonly leaseToken: string
}

export interface NewWebhookEvent {
  readonly eventId: string
  readonly type: WebhookEventType
  readonly room: string
  readonly occurredAt: number
  readonly data: WebhookEventData
  /** pending: due at once; debouncing: its owner seals it, or it is due at `dueAt` if the owner is gone. */
  readonly state: 'pending' | 'debouncing'
  readonly dueAt: number
}

export interface AttemptOutcome {
  readonly state: 'delivered' | 'pending' | 'failed'
  readonly status: number | null
  readonly error: string | null
  /** When the next attempt is due (state pending); null otherwise. */
  readonly nextAttemptAt: number | null
}

export interface WebhookOutbox {
  /** Adds one delivery per URL, each with an id of its own. */
  add(event: NewWebhookEvent, urls: readonly string[], now: number): Promise<void>
  /** A debouncing event's final data, due at `now`; false when it was claimed before (see the header). */
  seal(eventId: string, data: WebhookEventData, occurredAt: number, now: number): Promise<boolean>
  /** At most `limit` deliveries due at `now` (pending or debouncing), each leased to this caller for `leaseMs`. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>
  /** Counts an attempt of a claimed delivery and ends its lease. */
  recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome, now: number): Promise<void>
  /** Ends a lease without counting an attempt (one cut short by shutdown): due again at once. */
  release(claim: ClaimedDelivery): Promise<void>
  /** The earliest time a delivery becomes claimable (due and not leased); null when none waits. */
  nextDueAt(): Promise<number | null>
  /** The most recently created deliveries first, at most `limit`. */
  list(limit: number): Promise<WebhookDelivery[]>
  /** Removes delivered and failed deliveries created before `before`; resolves with how many. */
  prune(before: number): Promise<number>
  close(): Promise<void>
}
