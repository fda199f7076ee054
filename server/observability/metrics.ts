/**
 * Prometheus metrics (prom-client), one registry per server so tests running
 * several servers in one process do not mix their numbers.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { CloseCode } from '../../shared/protocol.ts'
import type { TransportKind } from '../session/transport.ts'
import type { StoreGauges } from '../storage/open-store.ts'
import type { BuildInfo } from './build-info.ts'
import { ScrapeReading } from './scrape-reading.ts'

export type MessageDirection = 'in' | 'out'

/** What the gauges read at scrape time; a part not given is not reported (tests of one layer). */
export interface LiveState {
  connections(): Readonly<Record<TransportKind, number>>
  loadedRooms(): number
  store: StoreGauges
  build: BuildInfo
}

/** The Redis connections of the cluster bus, each ready or not (ioredis' status). */
export type RedisConnections = Readonly<Record<'publisher' | 'subscriber', boolean>>

/** A scrape waits this long for the store's size, else reports the last one read. */
const STORED_BYTES_WAIT_MS = 1000
const STORE_SECONDS_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
const ROOM_LOAD_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** 1 KiB to 64 MiB by fours: documents from a note to past the default MAX_DOCUMENT_BYTES. */
const DOCUMENT_BYTES_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536].map((kib) => kib * 1024)

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
  readonly roomLoadSeconds: Histogram
  readonly storeOperationSeconds: Histogram<'backend' | 'operation'>
  readonly compactedDocumentBytes: Histogram<'backend'>
  readonly uploads: Counter
  readonly uploadBytes: Counter
  readonly httpResponses: Counter<'method' | 'route' | 'status'>
  private redisConnections: (() => RedisConnections) | null = null

  constructor(live: Partial<LiveState> = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: 'seed_' })
    const registers = [this.registry]
    new Gauge({
      name: 'seed_connections_open',
      help: 'Open sessions (client connections) by transport: websocket, or http (the HTTP fallback)',
      labelNames: ['transport'],
      registers,
      collect() {
        if (!live.connections) return
        for (const [transport, count] of Object.entries(live.connections())) this.set({ transport }, count)
      },
    })
    new Gauge({
      name: 'seed_rooms_loaded',
      help: 'Rooms held in memory',
      registers,
      collect() {
        if (live.loadedRooms) this.set(live.loadedRooms())
      },
    })
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
    this.roomLoadSeconds = new Histogram({
      name: 'seed_room_load_seconds',
      help: 'Time from the first request for a room not in memory (a join, a document API call) until it is loaded and served',
      buckets: ROOM_LOAD_SECONDS_BUCKETS,
      registers,
    })
    this.storeOperationSeconds = new Histogram({
      name: 'seed_store_operation_seconds',
      help: 'Time of each store call, failed ones included, by backend and operation (append, load, compact, …)',
      labelNames: ['backend', 'operation'],
      buckets: STORE_SECONDS_BUCKETS,
      registers,
    })
    this.compactedDocumentBytes = new Histogram({
      name: 'seed_compacted_document_bytes',
      help: 'Size of the merged record each compaction stored (the document after it); _count counts compactions',
      labelNames: ['backend'],
      buckets: DOCUMENT_BYTES_BUCKETS,
      registers,
    })
    this.uploads = new Counter({ name: 'seed_uploads_total', help: 'Images uploaded and stored (a repeated upload of the same image counts again)', registers })
    this.uploadBytes = new Counter({ name: 'seed_upload_bytes_total', help: 'Bytes of the images counted by seed_uploads_total', registers })
    this.httpResponses = new Counter({
      name: 'seed_http_responses_total',
      help: 'HTTP responses by method, route (the path template, e.g. /api/v1/documents/{id}; /api/* an API path of no route, /* the app) and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    })
    const { store, build } = live
    if (store) {
      const storedBytes = new ScrapeReading(() => store.storedBytes(), STORED_BYTES_WAIT_MS)
      new Gauge({
        name: 'seed_store_bytes',
        help: 'Bytes the store occupies: the files in DATA_DIR (LevelDB), or Seed\'s tables with their indexes (PostgreSQL, the same for every instance)',
        labelNames: ['backend'],
        registers,
        async collect() {
          const bytes = await storedBytes.value()
          if (bytes !== null) this.set({ backend: store.backend }, bytes)
        },
      })
    }
    // Registered without PostgreSQL too (no samples then), like the Redis gauge: every series the dashboard uses is always listed.
    const poolClients = store?.poolClients ?? null
    new Gauge({
      name: 'seed_postgres_pool_clients',
      help: 'PostgreSQL connection pool: total (connections open), idle (open and unused), waiting (queries waiting for a connection)',
      labelNames: ['state'],
      registers,
      collect() {
        if (!poolClients) return
        for (const [state, count] of Object.entries(poolClients())) this.set({ state }, count)
      },
    })
    const readRedis = () => this.redisConnections
    new Gauge({
      name: 'seed_redis_connected',
      help: 'Cluster bus connections to Redis: 1 while ready, 0 otherwise (cluster mode only)',
      labelNames: ['connection'],
      registers,
      collect() {
        const connections = readRedis()?.()
        if (!connections) return
        for (const [connection, ready] of Object.entries(connections)) this.set({ connection }, ready ? 1 : 0)
      },
    })
    if (build) {
      new Gauge({ name: 'seed_build_info', help: 'Always 1; its labels say which version and commit runs', labelNames: ['version', 'commit'], registers }).set({ ...build }, 1)
    }
  }

  /** The cluster bus reports its Redis connections at each scrape from now on. */
  watchRedis(connections: () => RedisConnections): void {
    this.redisConnections = connections
  }

  countHttpResponse(method: string, route: string, status: number): void {
    this.httpResponses.inc({ method: httpMethodLabel(method), route, status: String(status) })
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

/** The methods Seed answers; a client may send any token as a method, which would each become a time series. */
const KNOWN_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])

export function httpMethodLabel(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'other'
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
