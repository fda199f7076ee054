/**
 * Server configuration from environment variables, validated once at start.
 * A bad value stops the server with a message naming the variable, what it
 * got and what it accepts.
 */
import { z } from 'zod'
import { ConfigError } from './errors.ts'

const MIB = 1024 * 1024

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

const schema = z.object({
  PORT: integer(0, 65535, 1234),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'must be one of fatal, error, warn, info, debug, trace, silent' })
    .default('info'),
  MAX_MESSAGE_BYTES: integer(1024, 1024 * MIB, 16 * MIB),
  ROOM_UNLOAD_GRACE_MS: integer(0, 24 * 60 * 60 * 1000, 10_000),
  COMPACT_AFTER_UPDATES: integer(1, 1_000_000, 500),
  HEARTBEAT_INTERVAL_MS: integer(1000, 10 * 60 * 1000, 30_000),
  STORE_FSYNC: boolean(false),
  MAX_MESSAGES_PER_SECOND: integer(1, 1_000_000, 300),
  MESSAGE_BURST: integer(1, 1_000_000, 1000),
  MAX_BYTES_PER_SECOND: integer(1024, 1024 * MIB, 32 * MIB),
  MAX_CONNECTIONS_PER_IP: integer(1, 1_000_000, 200),
  MAX_CONNECTIONS_PER_ROOM: integer(1, 1_000_000, 500),
  MAX_LOADED_ROOMS: integer(1, 10_000_000, 10_000),
  MAX_DOCUMENT_BYTES: integer(1024, 16 * 1024 * MIB, 256 * MIB),
  MAX_SEND_BUFFER_BYTES: integer(1024, 1024 * MIB, 4 * MIB),
  STOPPED_READING_TIMEOUT_MS: integer(1000, 10 * 60 * 1000, 5000),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(\d+|true|false)$/, 'must be the number of reverse proxies in front of Seed (0 for none), or true (one) / false (none)')
    .transform((value) => (value === 'true' ? 1 : value === 'false' ? 0 : Number(value)))
    .pipe(z.number().int().max(10, 'must be at most 10'))
    .default(0),
})

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
  /** A client that reads nothing of what it was sent for this long is dropped. */
  stoppedReadingTimeoutMs: number
}

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  limits: Limits
  roomUnloadGraceMs: number
  compactAfterUpdates: number
  heartbeatIntervalMs: number
  storeFsync: boolean
  /** Reverse proxies in front of Seed whose forwarding headers name the client address; 0 trusts none. */
  trustedProxies: number
  /** Serve the client through Vite's dev middleware instead of dist/client. */
  dev: boolean
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = schema.safeParse(set)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0])
        return `${name}=${JSON.stringify(env[name] ?? '')} ${issue.message}`
      }),
    )
  }
  const values = parsed.data
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: values.DATA_DIR,
    logLevel: values.LOG_LEVEL,
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
      stoppedReadingTimeoutMs: values.STOPPED_READING_TIMEOUT_MS,
    },
    roomUnloadGraceMs: values.ROOM_UNLOAD_GRACE_MS,
    compactAfterUpdates: values.COMPACT_AFTER_UPDATES,
    heartbeatIntervalMs: values.HEARTBEAT_INTERVAL_MS,
    storeFsync: values.STORE_FSYNC,
    trustedProxies: values.TRUST_PROXY,
    dev: env.SEED_DEV === '1',
  }
}
