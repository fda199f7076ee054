/**
 * The webhook outbox of a single Seed with LevelDB: a classic-level database
 * of its own in `${DATA_DIR}/webhooks`, beside the document store's (which it
 * never touches). One process opens it, so the deliveries that still wait
 * (pending, debouncing) and their leases are kept in memory too, read back
 * at open; a lease does not outlive the process, and after a crash every
 * waiting delivery is claimable again. A write is in LevelDB's log once it
 * resolves: a process crash loses none (with `fsync`, power loss neither).
 *
 * Keys are `d!<createdAt>!<id>` (createdAt zero-padded), so the newest
 * deliveries are the last keys and pruning reads the oldest first.
 */
import { randomUUID } from 'node:crypto'
import { ClassicLevel } from 'classic-level'
import type { AttemptOutcome, ClaimedDelivery, NewWebhookEvent, WebhookDelivery, WebhookOutbox } from './webhook-outbox.ts'
import type { WebhookEventData } from './webhook-event.ts'
import { deliveryId } from './delivery-id.ts'

const PREFIX = 'd!'
/** One past the prefix's last character: the end of the key range. */
const PREFIX_END = 'd"'

interface Waiting {
  row: WebhookDelivery
  lease: { token: string; until: number } | null
}

const keyOf = (row: Pick<WebhookDelivery, 'createdAt' | 'id'>) => `${PREFIX}${String(row.createdAt).padStart(15, '0')}!${row.id}`

export class LevelWebhookOutbox implements WebhookOutbox {
  private constructor(
    private readonly db: ClassicLevel<string, WebhookDelivery>,
    private readonly waiting: Map<string, Waiting>,
    private readonly sync: boolean,
  ) {}

  static async open(directory: string, options: { fsync: boolean }): Promise<LevelWebhookOutbox> {
    const db = new ClassicLevel<string, WebhookDelivery>(directory, { valueEncoding: 'json' })
    await db.open()
    const waiting = new Map<string, Waiting>()
    for await (const row of db.values({ gte: PREFIX, lt: PREFIX_END })) {
      if (row.state === 'pending' || row.state === 'debouncing') waiting.set(row.id, { row, lease: null })
    }
    return new LevelWebhookOutbox(db, waiting, options.fsync)
  }

  async add(event: NewWebhookEvent, urls: readonly string[], now: number): Promise<void> {
    const rows: WebhookDelivery[] = urls.map((url) => ({
      id: deliveryId(),
      eventId: event.eventId,
      type: event.type,
      room: event.room,
      url,
      data: event.data,
      occurredAt: event.occurredAt,
      state: event.state,
      attempts: 0,
      nextAttemptAt: event.dueAt,
      lastStatus: null,
      lastError: null,
      createdAt: now,
    }))
    await this.db.batch(
      rows.map((row) => ({ type: 'put' as const, key: keyOf(row), value: row })),
      { sync: this.sync },
    )
    for (const row of rows) this.waiting.set(row.id, { row, lease: null })
  }

  async seal(eventId: string, data: WebhookEventData, occurredAt: number, now: number): Promise<boolean> {
    const sealed = [...this.waiting.values()].filter(({ row }) => row.eventId === eventId && row.state === 'debouncing')
    if (sealed.length === 0) return false
    const rows = sealed.map(({ row }) => ({ ...row, data, occurredAt, state: 'pending' as const, nextAttemptAt: now }))
    // In memory first: a claim while the write is on its way must not take the old data.
    for (const row of rows) this.waiting.set(row.id, { row, lease: null })
    await this.db.batch(
      rows.map((row) => ({ type: 'put' as const, key: keyOf(row), value: row })),
      { sync: this.sync },
    )
    return true
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const due = [...this.waiting.values()]
      .filter(({ row, lease }) => row.nextAttemptAt !== null && row.nextAttemptAt <= now && (lease === null || lease.until <= now))
      .sort((a, b) => a.row.nextAttemptAt! - b.row.nextAttemptAt!)
      .slice(0, limit)
    return due.map((entry) => {
      const lease = { token: randomUUID(), until: now + leaseMs }
      // A claimed debouncing delivery is sealed with the data it has (its owner is gone).
      entry.row = { ...entry.row, state: 'pending' }
      entry.lease = lease
      return { ...entry.row, leaseToken: lease.token }
    })
  }

  async recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const entry = this.leased(claim)
    if (entry === null) return
    const row: WebhookDelivery = {
      ...entry.row,
      state: outcome.state,
      attempts: entry.row.attempts + 1,
      nextAttemptAt: outcome.nextAttemptAt,
      lastStatus: outcome.status,
      lastError: outcome.error,
    }
    await this.db.put(keyOf(row), row, { sync: this.sync })
    if (row.state === 'pending') this.waiting.set(row.id, { row, lease: null })
    else this.waiting.delete(row.id)
  }

  async release(claim: ClaimedDelivery): Promise<void> {
    const entry = this.leased(claim)
    if (entry !== null) entry.lease = null
  }

  async nextDueAt(): Promise<number | null> {
    let earliest: number | null = null
    for (const { row, lease } of this.waiting.values()) {
      const at = Math.max(row.nextAttemptAt ?? Infinity, lease?.until ?? 0)
      if (earliest === null || at < earliest) earliest = at
    }
    return earliest
  }

  async list(limit: number): Promise<WebhookDelivery[]> {
    const rows: WebhookDelivery[] = []
    for await (const row of this.db.values({ gte: PREFIX, lt: PREFIX_END, reverse: true, limit })) {
      // The in-memory row is newer while a write is on its way.
      rows.push(this.waiting.get(row.id)?.row ?? row)
    }
    return rows
  }

  async prune(before: number): Promise<number> {
    const finished: string[] = []
    for await (const [key, row] of this.db.iterator({ gte: PREFIX, lt: keyOf({ createdAt: before, id: '' }) })) {
      if (row.state === 'delivered' || row.state === 'failed') finished.push(key)
    }
    await this.db.batch(finished.map((key) => ({ type: 'del' as const, key })))
    return finished.length
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  /** The delivery's entry while `claim` still holds its lease; null otherwise. */
  private leased(claim: ClaimedDelivery): Waiting | null {
    const entry = this.waiting.get(claim.id)
    return entry?.lease?.token === claim.leaseToken ? entry : null
  }
}
