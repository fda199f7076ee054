/**
 * The webhook outbox of a cluster: a table in the instances' shared
 * PostgreSQL database, through a small pool of its own (the document store's
 * pool and schema are left alone). The table is created at open if missing,
 * under an advisory lock so instances starting together do not race.
 *
 * Claims are one statement: `FOR UPDATE SKIP LOCKED` lets concurrent
 * claimers pass over each other's rows, and the lease (lease_until, a token)
 * keeps a claimed row from every other instance until it ends. Times are the
 * instances' clocks in ms; leases are far longer than clock skew between
 * NTP-synced machines.
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { AttemptOutcome, ClaimedDelivery, DeliveryState, NewWebhookEvent, WebhookDelivery, WebhookOutbox } from './webhook-outbox.ts'
import type { WebhookEventData, WebhookEventType } from './webhook-event.ts'
import { deliveryId } from './delivery-id.ts'

/** Any constant shared by every Seed instance, distinct from the store's migration lock. */
const SCHEMA_LOCK_KEY = 0x5eed_00_b0
/** Claims and results are a few small statements: two connections keep them apart from the store's pool. */
const POOL_SIZE = 2
const CONNECT_TIMEOUT_MS = 10_000

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS seed_webhook_deliveries (
    id text PRIMARY KEY,
    event_id text NOT NULL,
    type text NOT NULL,
    room_id text NOT NULL,
    url text NOT NULL,
    data jsonb NOT NULL,
    occurred_at bigint NOT NULL,
    state text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at bigint,
    last_status integer,
    last_error text,
    lease_token text,
    lease_until bigint,
    created_at bigint NOT NULL
  );
  CREATE INDEX IF NOT EXISTS seed_webhook_deliveries_due ON seed_webhook_deliveries (next_attempt_at) WHERE state IN ('pending', 'debouncing');
  CREATE INDEX IF NOT EXISTS seed_webhook_deliveries_event ON seed_webhook_deliveries (event_id);
  CREATE INDEX IF NOT EXISTS seed_webhook_deliveries_created ON seed_webhook_deliveries (created_at);
`

interface Row {
  id: string
  event_id: string
  type: WebhookEventType
  room_id: string
  url: string
  data: WebhookEventData
  occurred_at: string
  state: DeliveryState
  attempts: number
  next_attempt_at: string | null
  last_status: number | null
  last_error: string | null
  lease_token: string | null
  created_at: string
}

function deliveryOf(row: Row): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    room: row.room_id,
    url: row.url,
    data: row.data,
    occurredAt: Number(row.occurred_at),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: Number(row.created_at),
  }
}

export interface PostgresWebhookOutboxOptions {
  connectionString: string
  /** An idle connection broke (the next query opens another); without a listener it would crash the process. */
  onIdleConnectionError: (error: Error) => void
}

/**
 * Creates the deliveries table when it is missing: at open, and in `seed migrate`
 * (server/cli/migrate.ts), so that servers whose user has data privileges only
 * find it there. A table that exists is left as it is, without DDL, which such a
 * user may not run even with IF NOT EXISTS.
 */
export async function prepareWebhookOutboxTable(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('seed_webhook_deliveries') IS NOT NULL AS present")
  if (rows[0]!.present) return
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY])
    await client.query(SCHEMA)
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

export class PostgresWebhookOutbox implements WebhookOutbox {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(options: PostgresWebhookOutboxOptions): Promise<PostgresWebhookOutbox> {
    const pool = new pg.Pool({ connectionString: options.connectionString, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
    pool.on('error', options.onIdleConnectionError)
    try {
      const client = await pool.connect()
      try {
        await prepareWebhookOutboxTable(client)
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end()
      throw new Error(
        'Could not prepare the webhook deliveries table in PostgreSQL (DATABASE_URL); check that the database is reachable and the user may create tables (or run `npx seed migrate` as one that may)',
        { cause: error },
      )
    }
    return new PostgresWebhookOutbox(pool)
  }

  async add(event: NewWebhookEvent, urls: readonly string[], now: number): Promise<void> {
    const ids = urls.map(() => deliveryId())
    await this.pool.query(
      `INSERT INTO seed_webhook_deliveries (id, event_id, type, room_id, url, data, occurred_at, state, next_attempt_at, created_at)
       SELECT id, $3, $4, $5, url, $6, $7, $8, $9, $10 FROM unnest($1::text[], $2::text[]) AS given (id, url)`,
      [ids, urls, event.eventId, event.type, event.room, JSON.stringify(event.data), event.occurredAt, event.state, event.dueAt, now],
    )
  }

  async seal(eventId: string, data: WebhookEventData, occurredAt: number, now: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE seed_webhook_deliveries SET state = 'pending', data = $2, occurred_at = $3, next_attempt_at = $4
       WHERE event_id = $1 AND state = 'debouncing'`,
      [eventId, JSON.stringify(data), occurredAt, now],
    )
    return (rowCount ?? 0) > 0
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const token = randomUUID()
    const { rows } = await this.pool.query<Row>(
      `UPDATE seed_webhook_deliveries AS delivery SET state = 'pending', lease_token = $3, lease_until = $4
       FROM (
         SELECT id FROM seed_webhook_deliveries
         WHERE state IN ('pending', 'debouncing') AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_attempt_at LIMIT $2
         FOR UPDATE SKIP LOCKED
       ) AS due
       WHERE delivery.id = due.id
       RETURNING delivery.*`,
      [now, limit, token, now + leaseMs],
    )
    return rows.map((row) => ({ ...deliveryOf(row), leaseToken: token }))
  }

  async recordAttempt(claim: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    await this.pool.query(
      `UPDATE seed_webhook_deliveries
       SET state = $3, attempts = attempts + 1, next_attempt_at = $4, last_status = $5, last_error = $6, lease_token = NULL, lease_until = NULL
       WHERE id = $1 AND lease_token = $2`,
      [claim.id, claim.leaseToken, outcome.state, outcome.nextAttemptAt, outcome.status, outcome.error],
    )
  }

  async release(claim: ClaimedDelivery): Promise<void> {
    await this.pool.query('UPDATE seed_webhook_deliveries SET lease_token = NULL, lease_until = NULL WHERE id = $1 AND lease_token = $2', [claim.id, claim.leaseToken])
  }

  async nextDueAt(): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: string | null }>(
      `SELECT min(GREATEST(next_attempt_at, COALESCE(lease_until, 0))) AS at FROM seed_webhook_deliveries WHERE state IN ('pending', 'debouncing')`,
    )
    return rows[0]?.at == null ? null : Number(rows[0].at)
  }

  async list(limit: number): Promise<WebhookDelivery[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM seed_webhook_deliveries ORDER BY created_at DESC, id DESC LIMIT $1', [limit])
    return rows.map(deliveryOf)
  }

  async prune(before: number): Promise<number> {
    const { rowCount } = await this.pool.query(`DELETE FROM seed_webhook_deliveries WHERE state IN ('delivered', 'failed') AND created_at < $1`, [before])
    return rowCount ?? 0
  }

  async close(): Promise<void> {
    await this.pool.end()
  }
}
