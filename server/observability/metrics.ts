/**
 * Prometheus metrics (prom-client), one registry per server so tests running
 * several servers in one process do not mix their numbers.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { CloseCode } from '../../shared/protocol.ts'

export type MessageDirection = 'in' | 'out'

export class Metrics {
  readonly registry = new Registry()
  readonly messages: Counter<'direction' | 'type'>
  readonly bytes: Counter<'direction' | 'type'>
  readonly storeWriteSeconds: Histogram
  readonly broadcastSeconds: Histogram
  readonly limitHits: Counter<'limit'>
  readonly throttles: Counter<'limit'>
  readonly admissionRefusals: Counter<'reason'>
  readonly connectionsClosed: Counter<'code'>
  readonly storeErrors: Counter<'operation'>
  readonly recordsSetAside: Counter
  readonly roomLoads: Counter
  readonly readinessProbes: Counter
  readonly viewOnlyUpdatesDropped: Counter
  readonly busMessages: Counter<'direction' | 'kind'>
  readonly busPublishErrors: Counter
  readonly busGapsHealed: Counter<'reason'>
  readonly busInstances: Gauge
  readonly webhookAttempts: Counter<'outcome'>

  constructor(live: { connections: () => number; loadedRooms: () => number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'seed_' })
    const registers = [this.registry]
    new Gauge({ name: 'seed_connections_open', help: 'Open sessions (client connections, any transport)', registers, collect() { this.set(live.connections()) } })
    new Gauge({ name: 'seed_rooms_loaded', help: 'Rooms held in memory', registers, collect() { this.set(live.loadedRooms()) } })
    this.messages = new Counter({ name: 'seed_messages_total', help: 'y-websocket messages by direction and type', labelNames: ['direction', 'type'], registers })
    this.bytes = new Counter({ name: 'seed_message_bytes_total', help: 'y-websocket message bytes by direction and type', labelNames: ['direction', 'type'], registers })
    this.storeWriteSeconds = new Histogram({
      name: 'seed_store_write_seconds',
      help: 'Time to durably write one batch of updates',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    })
    this.broadcastSeconds = new Histogram({
      name: 'seed_broadcast_seconds',
      help: 'Time from receiving an update to sending it to the other connections (includes the durable write)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    })
    this.limitHits = new Counter({ name: 'seed_limit_hits_total', help: 'Connections closed or refused by a limit', labelNames: ['limit'], registers })
    this.throttles = new Counter({ name: 'seed_throttled_total', help: 'Times a session stopped reading its client until its rate budget refilled', labelNames: ['limit'], registers })
    this.admissionRefusals = new Counter({ name: 'seed_admission_refusals_total', help: 'Connections and API requests refused by the admission step, by reason', labelNames: ['reason'], registers })
    this.connectionsClosed = new Counter({ name: 'seed_connections_closed_total', help: 'Closed connections by close code', labelNames: ['code'], registers })
    this.storeErrors = new Counter({ name: 'seed_store_errors_total', help: 'Store operations that failed', labelNames: ['operation'], registers })
    this.recordsSetAside = new Counter({
      name: 'seed_store_records_set_aside_total',
      help: 'Stored records that Yjs could not read, set aside so that their rooms load without them (the error log names room and seq)',
      registers,
    })
    this.roomLoads = new Counter({ name: 'seed_room_loads_total', help: 'Rooms read from the store into memory', registers })
    this.readinessProbes = new Counter({ name: 'seed_readiness_probes_total', help: 'Store and bus probes run for /readyz (at most one a second, however often it is called)', registers })
    this.viewOnlyUpdatesDropped = new Counter({
      name: 'seed_view_only_updates_dropped_total',
      help: 'Document updates and sync step 2 messages from view-only sessions, dropped unapplied',
      registers,
    })
    this.busMessages = new Counter({ name: 'seed_bus_messages_total', help: 'Messages between instances (cluster mode), by direction and kind', labelNames: ['direction', 'kind'], registers })
    this.busPublishErrors = new Counter({ name: 'seed_bus_publish_errors_total', help: 'Messages the bus could not publish (receivers catch up from the store)', registers })
    this.busGapsHealed = new Counter({
      name: 'seed_bus_gaps_healed_total',
      help: 'Times a room read the store again for updates the bus lost: a seq that stayed missing, a reconnect, an instance gone',
      labelNames: ['reason'],
      registers,
    })
    this.busInstances = new Gauge({ name: 'seed_bus_instances', help: 'Instances heard from within the heartbeat timeout, this one included (1 without a cluster)', registers })
    this.busInstances.set(1)
    this.webhookAttempts = new Counter({
      name: 'seed_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered (a 2xx answer), retried (failed, tried again later), failed (failed, retries used up)',
      labelNames: ['outcome'],
      registers,
    })
  }

  countClose(code: number): void {
    this.connectionsClosed.inc({ code: closeCodeLabel(code) })
  }

  countMessage(direction: MessageDirection, frame: Uint8Array): void {
    const type = messageTypeLabel(frame)
    this.messages.inc({ direction, type })
    this.bytes.inc({ direction, type }, frame.byteLength)
  }
}

const TYPE_LABELS = ['sync', 'awareness', 'auth', 'query-awareness']

function messageTypeLabel(frame: Uint8Array): string {
  const first = frame[0]
  return first !== undefined && first < TYPE_LABELS.length ? TYPE_LABELS[first]! : 'invalid'
}

/** RFC 6455's own codes and ours; a peer may send any of some 4,000 others, which would each become a time series. */
const KNOWN_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, ...Object.values(CloseCode)])

export function closeCodeLabel(code: number): string {
  return KNOWN_CLOSE_CODES.has(code) ? String(code) : 'other'
}
