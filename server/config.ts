/**
 * Server configuration from environment variables, validated once at start.
 * A bad value stops the server with a message naming the variable, what it
 * got and what it accepts.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { z } from 'zod'
import { ConfigError } from './errors.ts'
import { FORWARDING_HEADERS, type ProxyTrust } from './admission/client-address.ts'
import { parseOrigin } from './admission/origin-policy.ts'
import { parseApiKeysFile, singleApiKey, type ApiKey } from './admission/api-credentials.ts'
import { DEFAULT_AWARENESS_LIMITS, type AwarenessLimits } from './room/awareness-guard.ts'
import { CLIENT_MAX_BATCH_MESSAGES } from '../shared/http-transport.ts'
import { DEFAULT_RETENTION, type RetentionPolicy } from './documents/version-retention.ts'

const MIB = 1024 * 1024
const HOUR_MS = 3_600_000
/** Room in an HTTP fallback batch for the length prefixes and a client's small messages beside one message of the maximum size. */
const HTTP_BATCH_OVERHEAD_BYTES = 64 * 1024

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback)

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .default(fallback)

const MIN_SECRET_LENGTH = 32
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['AUTH_SECRET', 'API_KEY', 'METRICS_TOKEN', 'DATABASE_URL', 'REDIS_URL', 'WEBHOOK_SECRET'])
/** Standard Webhooks secrets are base64 after the prefix; fewer than 24 bytes is too weak to sign with. */
const MIN_WEBHOOK_SECRET_BYTES = 24

/** A comma-separated list, each entry trimmed and checked by `item`. */
const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(item))

/** postgres:// or postgresql://, as pg's connection-string parser takes them (the host may be a socket directory in ?host=). */
function isPostgresUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

function isWebhookSecret(value: string): boolean {
  const encoded = value.startsWith('whsec_') ? value.slice('whsec_'.length) : ''
  return /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) && Buffer.from(encoded, 'base64').byteLength >= MIN_WEBHOOK_SECRET_BYTES
}

const schema = z.object({
  PORT: integer(0, 65535, 1234),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
  INSTANCE_ID: z.string().trim().regex(/^[\w.:-]{1,64}$/, 'must be 1 to 64 letters, digits, or _ : . -').optional(),
  LOG_REFUSALS_INTERVAL_MS: integer(100, 60 * 60_000, 10_000),
  MAX_MESSAGE_BYTES: integer(1024, 1024 * MIB, 16 * MIB),
  ROOM_UNLOAD_GRACE_MS: integer(0, 24 * 60 * 60 * 1000, 10_000),
  COMPACT_AFTER_UPDATES: integer(1, 1_000_000, 500),
  HEARTBEAT_INTERVAL_MS: integer(1000, 10 * 60 * 1000, 2000),
  STORE_FSYNC: boolean(false),
  DATABASE_URL: z.string().trim().refine(isPostgresUrl, 'must be a PostgreSQL connection URL: postgres://user:password@host:5432/database').optional(),
  DATABASE_POOL_SIZE: integer(1, 1000, 10),
  MAX_MESSAGES_PER_SECOND: integer(1, 1_000_000, 300),
  MESSAGE_BURST: integer(1, 1_000_000, 1000),
  MAX_BYTES_PER_SECOND: integer(1024, 1024 * MIB, 32 * MIB),
  MAX_CONNECTIONS_PER_IP: integer(1, 1_000_000, 200),
  MAX_CONNECTIONS_PER_ROOM: integer(1, 1_000_000, 500),
  MAX_LOADED_ROOMS: integer(1, 10_000_000, 10_000),
  MAX_DOCUMENT_BYTES: integer(1024, 16 * 1024 * MIB, 256 * MIB),
  MAX_SEND_BUFFER_BYTES: integer(1024, 1024 * MIB, 4 * MIB),
  MAX_UPLOAD_BYTES: integer(1024, 1024 * MIB, 10 * MIB),
  // Parsing an import holds the event loop (about a second per MiB on a busy 2-core machine): kept small by default.
  MAX_IMPORT_BYTES: integer(1024, 1024 * MIB, 2 * MIB),
  ROOMS_CREATED_PER_MINUTE_PER_IP: integer(1, 1_000_000, 30),
  MAX_UPLOAD_BYTES_PER_ROOM: integer(1024, 1024 * 1024 * MIB, 100 * MIB),
  UPLOADS_PER_MINUTE_PER_IP: integer(1, 1_000_000, 30),
  STOPPED_READING_TIMEOUT_MS: integer(1000, 10 * 60 * 1000, 5000),
  MAX_AWARENESS_IDS_PER_SESSION: integer(1, 1000, DEFAULT_AWARENESS_LIMITS.maxIdsPerSession),
  MAX_AWARENESS_STATE_BYTES: integer(1024, 16 * MIB, DEFAULT_AWARENESS_LIMITS.maxStateBytes),
  HTTP_POLL_TIMEOUT_MS: integer(100, 5 * 60 * 1000, 25_000),
  HTTP_SESSION_IDLE_MS: integer(100, 10 * 60 * 1000, 15_000),
  HTTP_MAX_MESSAGES_PER_BATCH: integer(CLIENT_MAX_BATCH_MESSAGES, 1_000_000, 4 * CLIENT_MAX_BATCH_MESSAGES),
  /** 0: four batches of the maximum size (4 × (MAX_MESSAGE_BYTES + 64 KiB)). */
  HTTP_MAX_WAITING_BYTES_PER_IP: integer(0, 16 * 1024 * MIB, 0),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(\d+|true|false)$/, 'must be the number of reverse proxies in front of Seed (0 for none), or true (one) / false (none)')
    .transform((value) => (value === 'true' ? 1 : value === 'false' ? 0 : Number(value)))
    .pipe(z.number().int().max(10, 'must be at most 10'))
    .default(0),
  TRUST_PROXY_HEADER: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(FORWARDING_HEADERS, { message: 'must be x-forwarded-for or forwarded: the one header your reverse proxy sets (the other is never read)' }))
    .default('x-forwarded-for'),
  AUTH_MODE: z.enum(['open', 'links', 'jwt'], { message: 'must be one of open, links, jwt' }).default('open'),
  AUTH_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`).optional(),
  AUTH_PUBLIC_KEY_FILE: z.string().trim().min(1).optional(),
  AUTH_JWKS_FILE: z.string().trim().min(1).optional(),
  AUTH_AUDIENCE: z.string().trim().min(1, 'must not be empty').optional(),
  AUTH_ISSUER: z.string().trim().min(1, 'must not be empty').optional(),
  ALLOWED_ORIGINS: commaList(
    z.string().refine((entry) => parseOrigin(entry) !== null, {
      message: 'must list origins such as https://docs.example.com (scheme, host and optional port; no path), separated by commas',
    }),
  ).optional(),
  FRAME_ANCESTORS: commaList(
    z.string().regex(/^(https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?|'self')$/, "must list origins allowed to embed Seed (https://app.example.com, https://*.example.com or 'self'), separated by commas"),
  ).optional(),
  API_KEY: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`).optional(),
  API_KEYS_FILE: z.string().trim().min(1, 'must not be empty').optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/[^\s]+$/, 'must be a Redis URL: redis://[:password@]host:port[/db] (rediss:// for TLS)')
    .optional(),
  CLUSTER_HEARTBEAT_MS: integer(100, 60_000, 2000),
  CLUSTER_INSTANCE_TIMEOUT_MS: integer(300, 10 * 60_000, 10_000),
  REDIS_CHANNEL_PREFIX: z.string().trim().regex(/^[\w:.-]{1,64}$/, 'must be 1 to 64 letters, digits, or _ : . -').default('seed:'),
  METRICS_ALLOW: commaList(z.union([z.ipv4(), z.ipv6()], { message: 'must list IP addresses (e.g. 10.0.0.5, fd00::5), separated by commas' })).optional(),
  WEBHOOK_URLS: commaList(z.string().refine(isHttpUrl, 'must list http:// or https:// URLs (e.g. https://hooks.example.com/seed), separated by commas')).optional(),
  WEBHOOK_SECRET: z
    .string()
    .trim()
    .refine(isWebhookSecret, 'must be a Standard Webhooks secret: whsec_ followed by at least 24 random bytes in base64 (e.g. whsec_$(openssl rand -base64 32))')
    .optional(),
  WEBHOOK_RETRY_SCHEDULE_MS: commaList(z.string().regex(/^\d{1,10}$/, 'must list delays in milliseconds (whole numbers), separated by commas'))
    .pipe(z.array(z.string()).min(1, 'must list at least one delay').max(20, 'must list at most 20 delays'))
    .transform((delays) => delays.map(Number))
    .default([5000, 30_000, 120_000, 600_000, 3_600_000]),
  WEBHOOK_DEBOUNCE_MS: integer(10, 10 * 60_000, 2000),
  WEBHOOK_MAX_WAIT_MS: integer(10, 60 * 60_000, 10_000),
  VERSION_AFTER_IDLE_MS: integer(10, 24 * HOUR_MS, 30_000),
  VERSION_MAX_INTERVAL_MS: integer(10, 7 * 24 * HOUR_MS, 10 * 60_000),
  VERSION_KEEP_ALL_MS: integer(0, 100 * 365 * 24 * HOUR_MS, DEFAULT_RETENTION.keepAllMs),
  VERSION_KEEP_HOURLY_MS: integer(0, 100 * 365 * 24 * HOUR_MS, DEFAULT_RETENTION.keepHourlyMs),
})

/** Every environment variable Seed reads, e.g. for checking the deployment files (server/deploy/) set no other. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape)

/** Per-connection and per-server limits; each closes with its own code when hit. */
export interface Limits {
  maxMessageBytes: number
  messagesPerSecond: number
  messageBurst: number
  bytesPerSecond: number
  maxConnectionsPerIp: number
  maxConnectionsPerRoom: number
  maxLoadedRooms: number
  maxDocumentBytes: number
  maxSendBufferBytes: number
  /** One uploaded image (POST /api/rooms/<room>/uploads); a larger body is refused with 413. */
  maxUploadBytes: number
  /** Rooms one client address may create per minute (POST /api/rooms); more are refused with 429. */
  roomsCreatedPerMinutePerIp: number
  /** Bytes of uploads one room may hold (each distinct image once); an upload past it is refused with 413. */
  maxUploadBytesPerRoom: number
  /** A Markdown or HTML file imported as a new document (POST /api/rooms with that content); a larger one is refused with 413. */
  maxImportBytes: number
  /** Uploads one client address may send per minute (burst included); more are refused with 429 and Retry-After. */
  uploadsPerMinutePerIp: number
  /** A client that reads nothing of what it was sent for this long is dropped. */
  stoppedReadingTimeoutMs: number
  /** Awareness client ids a session may hold (more are dropped) and bytes of one state (more closes the session as malformed). */
  awareness: AwarenessLimits
}

export interface DatabaseConfig {
  /** DATABASE_URL; may hold a password: never log it. */
  url: string
  /** Connections this instance keeps at most. */
  poolSize: number
}

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  /**
   * This process in logs and on the cluster's bus: INSTANCE_ID (or the host name) and a random suffix per start,
   * so a restarted instance is never taken for the one it replaced.
   */
  instanceId: string
  /** Refusals of one cause are logged at most once per this interval, with a count of the others. */
  logRefusalsIntervalMs: number
  limits: Limits
  roomUnloadGraceMs: number
  compactAfterUpdates: number
  /**
   * How often a peer with no probe outstanding is pinged. A peer whose connection died silently is dropped, and its
   * presence removed for everyone, at most this + stoppedReadingTimeoutMs + 1 s (the delivery check) after it died.
   */
  heartbeatIntervalMs: number
  /** The HTTP fallback transport (README "HTTP fallback"). */
  httpTransport: HttpTransportConfig
  storeFsync: boolean
  /** The PostgreSQL store (README "Operating a cluster"); null: LevelDB in dataDir. */
  database: DatabaseConfig | null
  /** Reverse proxies in front of Seed and the one forwarding header that names the client address; 0 proxies trusts no header. */
  proxyTrust: ProxyTrust
  access: AccessConfig
  /** Origins whose pages may open sockets and call the API; null: only the server's own origin (the request's Host). */
  allowedOrigins: string[] | null
  /** CSP frame-ancestors sources (jwt mode only); empty: Seed may not be framed. */
  frameAncestors: string[]
  metrics: MetricsAccessConfig
  /** The document API's keys (API_KEY or API_KEYS_FILE; README "API"); empty: only room tokens open it, in links and jwt mode. */
  apiKeys: ApiKey[]
  /** Cluster mode (README "Operating a cluster"); null: one instance, nothing shared. */
  cluster: ClusterConfig | null
  /** Signed webhooks (README "Webhooks"); null: WEBHOOK_URLS unset, no events are sent. */
  webhooks: WebhookConfig | null
  /** When versions are recorded and how they are thinned (README "Version history"). */
  versions: VersionConfig
  /** Serve the client through Vite's dev middleware instead of dist/client. */
  dev: boolean
}

export interface VersionConfig {
  /** A version is recorded once a document was left alone this long… */
  afterIdleMs: number
  /** …or this long after its first change not in a version, while editing goes on. */
  maxIntervalMs: number
  retention: RetentionPolicy
}

export interface WebhookConfig {
  /** Every event is delivered to each of these. */
  urls: string[]
  /** The `whsec_…` signing secret (Standard Webhooks); never log it. */
  secret: string
  /** Delay before each retry after a failed attempt; once they are used up the delivery is failed. */
  retryScheduleMs: number[]
  /** document.updated is sent once a document was left alone this long… */
  debounceMs: number
  /** …or this long after the first change it reports, while editing continues. */
  maxWaitMs: number
}

export interface HttpTransportConfig {
  /** How long a poll is held open when there is nothing to send. */
  pollTimeoutMs: number
  /** A polling client that sends no request for this long has left: its session ends and its caret goes. */
  sessionIdleMs: number
  /** One POSTed batch's body: MAX_MESSAGE_BYTES plus room for the prefixes and small messages beside it. */
  maxBatchBytes: number
  /** Messages in one POSTed batch; more are refused before any is decoded. */
  maxMessagesPerBatch: number
  /** Bytes of POSTed batches being read or waiting to be delivered, per client address. */
  maxWaitingBytesPerAddress: number
}

export interface ClusterConfig {
  /** Where the instances share their rooms' updates and awareness. */
  redisUrl: string
  /** How often an instance tells the others it is alive. */
  heartbeatIntervalMs: number
  /** An instance not heard from for this long is gone; its clients' carets are removed everywhere. */
  instanceTimeoutMs: number
  /** Prefix of the Redis channels, so clusters can share one Redis. */
  channelPrefix: string
}

/** Who may open which room (README "Access control"); the keys are read here, imported by server/admission/access-control.ts. */
export type AccessConfig =
  | { mode: 'open' }
  | { mode: 'links'; secret: string }
  | { mode: 'jwt'; key: JwtKeyConfig; expected: JwtExpectedClaims }

/** Claims a jwt-mode token must carry with exactly these values (AUTH_AUDIENCE, AUTH_ISSUER); null: not checked. */
export interface JwtExpectedClaims {
  audience: string | null
  issuer: string | null
}

/** The one key jwt-mode tokens are verified with. */
export type JwtKeyConfig =
  | { kind: 'secret'; secret: string }
  | { kind: 'publicKey'; file: string; pem: string }
  | { kind: 'jwks'; file: string; jwks: unknown }

export interface MetricsAccessConfig {
  /** When set, /metrics answers only a request bearing it; METRICS_ALLOW applies while it is unset. */
  token: string | null
  /** Addresses that may read /metrics without the token. */
  allow: string[]
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = schema.safeParse(set)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0])
        // A secret is never printed, not even a wrong one.
        const shown = SECRET_VARIABLES.has(name) ? `(${(env[name] ?? '').length} characters)` : `=${JSON.stringify(env[name] ?? '')}`
        return `${name}${shown} ${issue.message}`
      }),
    )
  }
  const values = parsed.data
  const problems: string[] = []
  const access = accessConfig(values, problems)
  const apiKeys = apiKeysConfig(values, problems)
  for (const name of ['AUTH_AUDIENCE', 'AUTH_ISSUER'] as const) {
    if (values[name] !== undefined && values.AUTH_MODE !== 'jwt') {
      problems.push(`${name} is only used with AUTH_MODE=jwt (it is checked against the tokens the embedding application mints); unset it or set AUTH_MODE=jwt`)
    }
  }
  if (values.FRAME_ANCESTORS && values.AUTH_MODE !== 'jwt') {
    problems.push('FRAME_ANCESTORS is only used with AUTH_MODE=jwt (embedding Seed in another application); unset it or set AUTH_MODE=jwt')
  }
  if (values.REDIS_URL && !values.DATABASE_URL) {
    problems.push('REDIS_URL (cluster mode) needs DATABASE_URL: the instances of a cluster must share one store (each LevelDB is one instance\'s own); set DATABASE_URL or unset REDIS_URL')
  }
  if (values.CLUSTER_INSTANCE_TIMEOUT_MS < 3 * values.CLUSTER_HEARTBEAT_MS) {
    problems.push(
      `CLUSTER_INSTANCE_TIMEOUT_MS=${values.CLUSTER_INSTANCE_TIMEOUT_MS} must be at least 3 × CLUSTER_HEARTBEAT_MS (${3 * values.CLUSTER_HEARTBEAT_MS}), so one late heartbeat does not declare a live instance gone`,
    )
  }
  const maxBatchBytes = values.MAX_MESSAGE_BYTES + HTTP_BATCH_OVERHEAD_BYTES
  const maxWaitingBytesPerAddress = values.HTTP_MAX_WAITING_BYTES_PER_IP || 4 * maxBatchBytes
  if (maxWaitingBytesPerAddress < maxBatchBytes) {
    problems.push(
      `HTTP_MAX_WAITING_BYTES_PER_IP=${maxWaitingBytesPerAddress} must be at least MAX_MESSAGE_BYTES + 64 KiB (${maxBatchBytes}), so one batch with a message of the maximum size can be sent`,
    )
  }
  if (values.WEBHOOK_URLS?.length && values.WEBHOOK_SECRET === undefined) {
    problems.push('WEBHOOK_URLS needs WEBHOOK_SECRET, the whsec_… secret every webhook is signed with and receivers verify (e.g. WEBHOOK_SECRET=whsec_$(openssl rand -base64 32))')
  }
  if (values.WEBHOOK_MAX_WAIT_MS < values.WEBHOOK_DEBOUNCE_MS) {
    problems.push(`WEBHOOK_MAX_WAIT_MS=${values.WEBHOOK_MAX_WAIT_MS} must be at least WEBHOOK_DEBOUNCE_MS (${values.WEBHOOK_DEBOUNCE_MS}): it bounds how long editing may postpone document.updated`)
  }
  if (values.VERSION_MAX_INTERVAL_MS < values.VERSION_AFTER_IDLE_MS) {
    problems.push(
      `VERSION_MAX_INTERVAL_MS=${values.VERSION_MAX_INTERVAL_MS} must be at least VERSION_AFTER_IDLE_MS (${values.VERSION_AFTER_IDLE_MS}): it bounds how long editing may postpone a version`,
    )
  }
  if (values.VERSION_KEEP_HOURLY_MS < values.VERSION_KEEP_ALL_MS) {
    problems.push(
      `VERSION_KEEP_HOURLY_MS=${values.VERSION_KEEP_HOURLY_MS} must be at least VERSION_KEEP_ALL_MS (${values.VERSION_KEEP_ALL_MS}): hourly thinning starts where keeping every version ends`,
    )
  }
  if (problems.length > 0 || access === null) throw new ConfigError(problems)
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: values.DATA_DIR,
    logLevel: values.LOG_LEVEL,
    instanceId: `${values.INSTANCE_ID ?? hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    logRefusalsIntervalMs: values.LOG_REFUSALS_INTERVAL_MS,
    limits: {
      maxMessageBytes: values.MAX_MESSAGE_BYTES,
      messagesPerSecond: values.MAX_MESSAGES_PER_SECOND,
      messageBurst: values.MESSAGE_BURST,
      bytesPerSecond: values.MAX_BYTES_PER_SECOND,
      maxConnectionsPerIp: values.MAX_CONNECTIONS_PER_IP,
      maxConnectionsPerRoom: values.MAX_CONNECTIONS_PER_ROOM,
      maxLoadedRooms: values.MAX_LOADED_ROOMS,
      maxDocumentBytes: values.MAX_DOCUMENT_BYTES,
      maxSendBufferBytes: values.MAX_SEND_BUFFER_BYTES,
      maxUploadBytes: values.MAX_UPLOAD_BYTES,
      roomsCreatedPerMinutePerIp: values.ROOMS_CREATED_PER_MINUTE_PER_IP,
      maxUploadBytesPerRoom: values.MAX_UPLOAD_BYTES_PER_ROOM,
      maxImportBytes: values.MAX_IMPORT_BYTES,
      uploadsPerMinutePerIp: values.UPLOADS_PER_MINUTE_PER_IP,
      stoppedReadingTimeoutMs: values.STOPPED_READING_TIMEOUT_MS,
      awareness: { maxIdsPerSession: values.MAX_AWARENESS_IDS_PER_SESSION, maxStateBytes: values.MAX_AWARENESS_STATE_BYTES },
    },
    roomUnloadGraceMs: values.ROOM_UNLOAD_GRACE_MS,
    compactAfterUpdates: values.COMPACT_AFTER_UPDATES,
    heartbeatIntervalMs: values.HEARTBEAT_INTERVAL_MS,
    httpTransport: {
      pollTimeoutMs: values.HTTP_POLL_TIMEOUT_MS,
      sessionIdleMs: values.HTTP_SESSION_IDLE_MS,
      maxBatchBytes,
      maxMessagesPerBatch: values.HTTP_MAX_MESSAGES_PER_BATCH,
      maxWaitingBytesPerAddress,
    },
    storeFsync: values.STORE_FSYNC,
    database: values.DATABASE_URL ? { url: values.DATABASE_URL, poolSize: values.DATABASE_POOL_SIZE } : null,
    proxyTrust: { proxies: values.TRUST_PROXY, header: values.TRUST_PROXY_HEADER },
    access,
    allowedOrigins: values.ALLOWED_ORIGINS?.map((entry) => parseOrigin(entry)!) ?? null,
    frameAncestors: values.FRAME_ANCESTORS ?? [],
    metrics: { token: values.METRICS_TOKEN ?? null, allow: values.METRICS_ALLOW ?? [] },
    apiKeys,
    cluster: values.REDIS_URL
      ? {
          redisUrl: values.REDIS_URL,
          heartbeatIntervalMs: values.CLUSTER_HEARTBEAT_MS,
          instanceTimeoutMs: values.CLUSTER_INSTANCE_TIMEOUT_MS,
          channelPrefix: values.REDIS_CHANNEL_PREFIX,
        }
      : null,
    webhooks:
      values.WEBHOOK_URLS?.length && values.WEBHOOK_SECRET !== undefined
        ? {
            urls: values.WEBHOOK_URLS,
            secret: values.WEBHOOK_SECRET,
            retryScheduleMs: values.WEBHOOK_RETRY_SCHEDULE_MS,
            debounceMs: values.WEBHOOK_DEBOUNCE_MS,
            maxWaitMs: values.WEBHOOK_MAX_WAIT_MS,
          }
        : null,
    versions: {
      afterIdleMs: values.VERSION_AFTER_IDLE_MS,
      maxIntervalMs: values.VERSION_MAX_INTERVAL_MS,
      retention: { keepAllMs: values.VERSION_KEEP_ALL_MS, keepHourlyMs: values.VERSION_KEEP_HOURLY_MS },
    },
    dev: env.SEED_DEV === '1',
  }
}

type Values = z.infer<typeof schema>

/** The mode's key, read from the environment or its file; null after adding to `problems`. */
function accessConfig(values: Values, problems: string[]): AccessConfig | null {
  const { AUTH_MODE: mode, AUTH_SECRET: secret, AUTH_PUBLIC_KEY_FILE: publicKeyFile, AUTH_JWKS_FILE: jwksFile } = values
  if (mode === 'open') {
    for (const [name, value] of [['AUTH_SECRET', secret], ['AUTH_PUBLIC_KEY_FILE', publicKeyFile], ['AUTH_JWKS_FILE', jwksFile]] as const) {
      if (value !== undefined) problems.push(`${name} is set but AUTH_MODE is open (anyone with a room's URL may edit); set AUTH_MODE=links or AUTH_MODE=jwt to use it`)
    }
    return problems.length === 0 ? { mode } : null
  }
  if (mode === 'links') {
    if (publicKeyFile !== undefined || jwksFile !== undefined) problems.push('AUTH_MODE=links signs its own links with AUTH_SECRET; unset AUTH_PUBLIC_KEY_FILE / AUTH_JWKS_FILE')
    if (secret === undefined) {
      problems.push(`AUTH_MODE=links needs AUTH_SECRET, at least ${MIN_SECRET_LENGTH} characters, to sign its edit and view links (e.g. AUTH_SECRET=$(openssl rand -base64 48))`)
      return null
    }
    return problems.length === 0 ? { mode, secret } : null
  }
  const given = [secret, publicKeyFile, jwksFile].filter((value) => value !== undefined).length
  if (given !== 1) {
    problems.push(
      given === 0
        ? 'AUTH_MODE=jwt needs the key its tokens are verified with: AUTH_SECRET (HS256 shared secret), AUTH_PUBLIC_KEY_FILE (PEM public key: EdDSA, ES256 or RS256) or AUTH_JWKS_FILE (JSON Web Key Set)'
        : 'AUTH_MODE=jwt takes exactly one of AUTH_SECRET, AUTH_PUBLIC_KEY_FILE, AUTH_JWKS_FILE',
    )
    return null
  }
  const expected = { audience: values.AUTH_AUDIENCE ?? null, issuer: values.AUTH_ISSUER ?? null }
  if (secret !== undefined) return { mode, key: { kind: 'secret', secret }, expected }
  if (publicKeyFile !== undefined) {
    const pem = readKeyFile('AUTH_PUBLIC_KEY_FILE', publicKeyFile, problems)
    if (pem === null) return null
    if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
      problems.push(`AUTH_PUBLIC_KEY_FILE=${JSON.stringify(publicKeyFile)} is not a PEM public key (it must contain -----BEGIN PUBLIC KEY-----)`)
      return null
    }
    return { mode, key: { kind: 'publicKey', file: publicKeyFile, pem }, expected }
  }
  const text = readKeyFile('AUTH_JWKS_FILE', jwksFile!, problems)
  if (text === null) return null
  try {
    return { mode, key: { kind: 'jwks', file: jwksFile!, jwks: JSON.parse(text) }, expected }
  } catch {
    problems.push(`AUTH_JWKS_FILE=${JSON.stringify(jwksFile)} is not JSON; it must hold a JSON Web Key Set: {"keys": [...]}`)
    return null
  }
}

/** API_KEY as one key with every scope, or API_KEYS_FILE's keys; problems added name the file and the entry. */
function apiKeysConfig(values: Values, problems: string[]): ApiKey[] {
  const { API_KEY: secret, API_KEYS_FILE: file } = values
  if (secret !== undefined && file !== undefined) {
    problems.push('API_KEY and API_KEYS_FILE are both set; use API_KEY for one key with every scope, or API_KEYS_FILE for named keys with scopes')
    return []
  }
  if (secret !== undefined) return [singleApiKey(secret)]
  if (file === undefined) return []
  const text = readKeyFile('API_KEYS_FILE', file, problems)
  if (text === null) return []
  const parsed = parseApiKeysFile(file, text)
  if ('problems' in parsed) {
    problems.push(...parsed.problems)
    return []
  }
  return parsed.keys
}

function readKeyFile(name: string, file: string, problems: string[]): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    problems.push(`${name}=${JSON.stringify(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
    return null
  }
}
