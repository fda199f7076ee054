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
})

export interface Config {
  port: number
  host: string
  dataDir: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  maxMessageBytes: number
  roomUnloadGraceMs: number
  compactAfterUpdates: number
  heartbeatIntervalMs: number
  storeFsync: boolean
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
    maxMessageBytes: values.MAX_MESSAGE_BYTES,
    roomUnloadGraceMs: values.ROOM_UNLOAD_GRACE_MS,
    compactAfterUpdates: values.COMPACT_AFTER_UPDATES,
    heartbeatIntervalMs: values.HEARTBEAT_INTERVAL_MS,
    storeFsync: values.STORE_FSYNC,
    dev: env.SEED_DEV === '1',
  }
}
