/**
 * Signed webhooks (README "Webhooks"): listens to the room events, queues
 * document.created, document.updated (debounced, update-debouncer.ts),
 * document.deleted and version.created in the durable outbox, one delivery
 * per URL, and runs the delivery loop.
 *
 * The outbox lives where the documents do: PostgreSQL when DATABASE_URL is
 * set (every instance of a cluster claims from one table), else a LevelDB of
 * its own in `${DATA_DIR}/webhooks`.
 *
 * A document.updated delivery keeps its payload (title, seq, writers, bytes)
 * in its row rather than reading the store's metadata when it is sent: a
 * retry must send the same signed body, the event says what changed up to
 * its seq (later metadata would mix in later edits), and a deleted
 * document's last event still has its data. Its row is written when its
 * window opens (the first batch after a quiet spell) and rewritten once when
 * it closes; after a crash in between, the event is delivered with what its
 * first batch knew.
 *
 * A room's outbox writes run one after another, so its events enter the
 * outbox in the order they happened (a document.updated before the
 * document.deleted that closed its window).
 */
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Counter } from 'prom-client'
import type { Config, WebhookConfig } from '../config.ts'
import type { RoomEvent, RoomEvents } from '../room/room-events.ts'
import { readDocumentTitle } from '../../shared/document-title.ts'
import type { NewWebhookEvent, WebhookDelivery, WebhookOutbox } from './webhook-outbox.ts'
import { UpdateDebouncer, type UpdateWindow } from './update-debouncer.ts'
import { WebhookDispatcher } from './webhook-dispatcher.ts'
import { WebhookSender } from './webhook-sender.ts'
import type { WebhookEventData } from './webhook-event.ts'
import { versionView } from '../documents/version-view.ts'

/** An attempt without an answer after this long failed. */
const ATTEMPT_TIMEOUT_MS = 10_000

/** One line of GET /api/v1/webhooks/deliveries. */
export interface DeliveryListing {
  id: string
  type: string
  document: string
  url: string
  state: WebhookDelivery['state']
  attempts: number
  lastStatus: number | null
  lastError: string | null
  /** ISO 8601; null once delivered or failed. */
  nextAttemptAt: string | null
  createdAt: string
}

export class Webhooks {
  private readonly debouncer: UpdateDebouncer
  private readonly dispatcher: WebhookDispatcher
  /** Per room: its last outbox write, which the next one waits for. */
  private readonly roomWrites = new Map<string, Promise<void>>()

  private constructor(
    private readonly config: WebhookConfig,
    private readonly outbox: WebhookOutbox,
    private readonly logger: Logger,
    attempts: Counter<'outcome'>,
  ) {
    this.debouncer = new UpdateDebouncer({
      debounceMs: config.debounceMs,
      maxWaitMs: config.maxWaitMs,
      onOpen: (window) => this.queueOpened(window),
      onDue: (window) => this.queueSealed(window),
    })
    this.dispatcher = new WebhookDispatcher({
      outbox,
      sender: new WebhookSender(config.secret, ATTEMPT_TIMEOUT_MS),
      retryScheduleMs: config.retryScheduleMs,
      logger,
      attempts,
    })
  }

  /** Opens the outbox and starts delivering what it holds; null when WEBHOOK_URLS is unset. */
  static async start(config: Pick<Config, 'webhooks' | 'database' | 'dataDir' | 'storeFsync'>, logger: Logger, attempts: Counter<'outcome'>): Promise<Webhooks | null> {
    if (config.webhooks === null) return null
    const outbox = await openOutbox(config, logger)
    logger.info({ receivers: config.webhooks.urls.length }, 'webhooks: on')
    return new Webhooks(config.webhooks, outbox, logger, attempts)
  }

  /** Listens to the rooms' events; returns the function that stops listening. */
  listen(events: RoomEvents): () => void {
    return events.on((event) => this.handle(event))
  }

  async listDeliveries(limit: number): Promise<DeliveryListing[]> {
    const deliveries = await this.outbox.list(limit)
    return deliveries.map((delivery) => ({
      id: delivery.id,
      type: delivery.type,
      document: delivery.room,
      url: delivery.url,
      state: delivery.state,
      attempts: delivery.attempts,
      lastStatus: delivery.lastStatus,
      lastError: delivery.lastError,
      nextAttemptAt: delivery.nextAttemptAt === null ? null : new Date(delivery.nextAttemptAt).toISOString(),
      createdAt: new Date(delivery.createdAt).toISOString(),
    }))
  }

  /** Call after the rooms stopped emitting: queues the open windows, waits (bounded) for attempts in flight, closes the outbox. */
  async close(): Promise<void> {
    this.debouncer.flushAll()
    await Promise.all(this.roomWrites.values())
    await this.dispatcher.stop()
    await this.outbox.close()
  }

  private handle(event: RoomEvent): void {
    switch (event.type) {
      case 'created':
        this.queueEvent({ type: 'document.created', room: event.room, occurredAt: event.at })
        return
      case 'batch':
        this.debouncer.change(event.room, { seq: event.toSeq, writers: event.writers, title: readDocumentTitle(event.document.doc), bytes: event.document.bytes })
        return
      case 'unloaded':
        // Its document is gone from memory: what the window holds is final.
        this.debouncer.flush(event.room)
        return
      case 'deleted':
        this.debouncer.flush(event.room)
        this.queueEvent({ type: 'document.deleted', room: event.room, occurredAt: Date.now() })
        return
      case 'versionCreated':
        this.queueEvent({ type: 'version.created', room: event.room, occurredAt: event.version.createdAt }, { id: event.room, version: versionView(event.version) })
        return
      default:
    }
  }

  private queueEvent(event: Pick<NewWebhookEvent, 'type' | 'room' | 'occurredAt'>, data: WebhookEventData = { id: event.room }): void {
    const now = Date.now()
    this.queue(event.room, event.type, async () => {
      await this.outbox.add({ ...event, eventId: randomUUID(), data, state: 'pending', dueAt: now }, this.config.urls, now)
      this.dispatcher.wake()
    })
  }

  private queueOpened(window: UpdateWindow): void {
    // Due only if its owner is gone: this process seals it by openedAt + maxWaitMs.
    const dueAt = window.openedAt + 2 * this.config.maxWaitMs
    const event: NewWebhookEvent = { eventId: window.eventId, type: 'document.updated', room: window.room, occurredAt: window.lastChangeAt, data: window.data, state: 'debouncing', dueAt }
    this.queue(window.room, event.type, () => this.outbox.add(event, this.config.urls, window.openedAt))
  }

  private queueSealed(window: UpdateWindow): void {
    this.queue(window.room, 'document.updated', async () => {
      await this.outbox.seal(window.eventId, window.data, window.lastChangeAt, Date.now())
      this.dispatcher.wake()
    })
  }

  private queue(room: string, type: string, write: () => Promise<void>): void {
    const previous = this.roomWrites.get(room) ?? Promise.resolve()
    const next = previous.then(write).catch((error: unknown) => {
      this.logger.error({ err: error, room, type }, 'webhooks: could not queue an event in the outbox; it will not be sent')
    })
    this.roomWrites.set(room, next)
    void next.then(() => {
      if (this.roomWrites.get(room) === next) this.roomWrites.delete(room)
    })
  }
}

async function openOutbox(config: Pick<Config, 'database' | 'dataDir' | 'storeFsync'>, logger: Logger): Promise<WebhookOutbox> {
  if (config.database) {
    // Loaded only here, like the store's: a LevelDB-only server never needs pg.
    const { PostgresWebhookOutbox } = await import('./postgres-webhook-outbox.ts')
    return PostgresWebhookOutbox.open({
      connectionString: config.database.url,
      onIdleConnectionError: (error) => logger.warn({ err: error }, 'webhooks: an idle PostgreSQL connection broke; the next query opens a new one'),
    })
  }
  const { LevelWebhookOutbox } = await import('./level-webhook-outbox.ts')
  return LevelWebhookOutbox.open(path.join(config.dataDir, 'webhooks'), { fsync: config.storeFsync })
}
