import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from './errors.ts'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 1234,
      host: '127.0.0.1',
      dataDir: './data',
      logLevel: 'info',
      storeFsync: false,
      dev: false,
    })
    expect(config.limits.maxMessageBytes).toBe(16 * 1024 * 1024)
  })

  it('by default notices a peer whose connection died silently within 8 s: a ping every 2 s, dropped 5 s after an unanswered one (checked every second)', () => {
    const config = loadConfig({})
    expect(config.heartbeatIntervalMs).toBe(2000)
    expect(config.limits.stoppedReadingTimeoutMs).toBe(5000)
    expect(config.heartbeatIntervalMs + config.limits.stoppedReadingTimeoutMs + 1000).toBeLessThanOrEqual(8000)
  })

  it('reads overrides', () => {
    const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/seed', LOG_LEVEL: 'debug', STORE_FSYNC: 'true', ROOM_UNLOAD_GRACE_MS: '0' })
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/srv/seed', logLevel: 'debug', storeFsync: true, roomUnloadGraceMs: 0 })
  })

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(1234)
  })

  it('names every bad variable, its value and what it accepts', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', MAX_MESSAGE_BYTES: '10', STORE_FSYNC: 'maybe' })
      throw new Error('expected a ConfigError')
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      const { problems, message } = error as ConfigError
      expect(problems).toHaveLength(4)
      expect(message).toMatch(/PORT="abc" must be a whole number between 0 and 65535/)
      expect(message).toMatch(/LOG_LEVEL="loud" must be one of/)
      expect(message).toMatch(/MAX_MESSAGE_BYTES="10" must be at least 1024/)
      expect(message).toMatch(/STORE_FSYNC="maybe" must be true or false/)
    }
  })

  it('limits uploads to 10 MiB unless MAX_UPLOAD_BYTES says otherwise, and refuses a value out of range', () => {
    expect(loadConfig({}).limits.maxUploadBytes).toBe(10 * 1024 * 1024)
    expect(loadConfig({ MAX_UPLOAD_BYTES: '2048' }).limits.maxUploadBytes).toBe(2048)
    expect(() => loadConfig({ MAX_UPLOAD_BYTES: '10MB' })).toThrow(/MAX_UPLOAD_BYTES="10MB" must be a whole number/)
    expect(() => loadConfig({ MAX_UPLOAD_BYTES: '100' })).toThrow(/MAX_UPLOAD_BYTES="100" must be at least 1024/)
  })

  it('limits the upload bytes a room holds to 100 MiB and uploads to 30 a minute per address unless MAX_UPLOAD_BYTES_PER_ROOM and UPLOADS_PER_MINUTE_PER_IP say otherwise', () => {
    expect(loadConfig({}).limits).toMatchObject({ maxUploadBytesPerRoom: 100 * 1024 * 1024, uploadsPerMinutePerIp: 30 })
    expect(loadConfig({ MAX_UPLOAD_BYTES_PER_ROOM: '4096', UPLOADS_PER_MINUTE_PER_IP: '2' }).limits).toMatchObject({ maxUploadBytesPerRoom: 4096, uploadsPerMinutePerIp: 2 })
    expect(() => loadConfig({ MAX_UPLOAD_BYTES_PER_ROOM: '1GB' })).toThrow(/MAX_UPLOAD_BYTES_PER_ROOM="1GB" must be a whole number/)
    expect(() => loadConfig({ UPLOADS_PER_MINUTE_PER_IP: '0' })).toThrow(/UPLOADS_PER_MINUTE_PER_IP="0" must be at least 1/)
  })

  it('bounds HTTP fallback batches: 4096 messages, and four batches of the maximum size waiting per address, unless set otherwise', () => {
    const batch = 16 * 1024 * 1024 + 64 * 1024
    expect(loadConfig({}).httpTransport).toMatchObject({ maxBatchBytes: batch, maxMessagesPerBatch: 4096, maxWaitingBytesPerAddress: 4 * batch })
    expect(loadConfig({ HTTP_MAX_MESSAGES_PER_BATCH: '2048', HTTP_MAX_WAITING_BYTES_PER_IP: String(2 * batch) }).httpTransport).toMatchObject({
      maxMessagesPerBatch: 2048,
      maxWaitingBytesPerAddress: 2 * batch,
    })
    expect(() => loadConfig({ HTTP_MAX_MESSAGES_PER_BATCH: '100' })).toThrow(/HTTP_MAX_MESSAGES_PER_BATCH="100" must be at least 1024/)
    expect(() => loadConfig({ HTTP_MAX_WAITING_BYTES_PER_IP: '65536' })).toThrow(/HTTP_MAX_WAITING_BYTES_PER_IP=65536 must be at least MAX_MESSAGE_BYTES \+ 64 KiB/)
  })

  it('turns cluster mode on with REDIS_URL, only beside a shared store, and never prints the URL (it may hold a password)', () => {
    expect(loadConfig({}).cluster).toBeNull()
    const shared = { DATABASE_URL: 'postgres://seed@db/seed' }
    expect(loadConfig({ ...shared, REDIS_URL: 'redis://:pw@cache:6379/0' }).cluster).toEqual({
      redisUrl: 'redis://:pw@cache:6379/0',
      heartbeatIntervalMs: 2000,
      instanceTimeoutMs: 10_000,
      channelPrefix: 'seed:',
    })
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL \(cluster mode\) needs DATABASE_URL/)
    const refused = () => loadConfig({ ...shared, REDIS_URL: 'http://:hunter2@cache' })
    expect(refused).toThrow(/REDIS_URL\(21 characters\) must be a Redis URL/)
    expect(refused).not.toThrow(/hunter2/)
    expect(() => loadConfig({ ...shared, REDIS_URL: 'redis://cache', CLUSTER_HEARTBEAT_MS: '1000', CLUSTER_INSTANCE_TIMEOUT_MS: '2000' })).toThrow(
      /CLUSTER_INSTANCE_TIMEOUT_MS=2000 must be at least 3 × CLUSTER_HEARTBEAT_MS \(3000\)/,
    )
  })

  it('trusts no proxy by default, reads X-Forwarded-For unless TRUST_PROXY_HEADER=forwarded, and refuses any other header', () => {
    expect(loadConfig({}).proxyTrust).toEqual({ proxies: 0, header: 'x-forwarded-for' })
    expect(loadConfig({ TRUST_PROXY: 'true' }).proxyTrust).toEqual({ proxies: 1, header: 'x-forwarded-for' })
    expect(loadConfig({ TRUST_PROXY: '2', TRUST_PROXY_HEADER: 'Forwarded' }).proxyTrust).toEqual({ proxies: 2, header: 'forwarded' })
    expect(() => loadConfig({ TRUST_PROXY_HEADER: 'x-real-ip' })).toThrow(/TRUST_PROXY_HEADER="x-real-ip" must be x-forwarded-for or forwarded/)
  })

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000" must be at most 65535/)
  })

  it('selects the PostgreSQL store with DATABASE_URL, and never prints a wrong one (it may hold a password)', () => {
    expect(loadConfig({}).database).toBeNull()
    expect(loadConfig({ DATABASE_URL: 'postgres://seed:pw@db.internal:5432/seed' }).database).toEqual({ url: 'postgres://seed:pw@db.internal:5432/seed', poolSize: 10 })
    expect(loadConfig({ DATABASE_URL: 'postgresql:///seed?host=/run/postgresql', DATABASE_POOL_SIZE: '25' }).database?.poolSize).toBe(25)
    const refused = () => loadConfig({ DATABASE_URL: 'mysql://seed:hunter2@db/seed' })
    expect(refused).toThrow(/DATABASE_URL\(28 characters\) must be a PostgreSQL connection URL/)
    expect(refused).not.toThrow(/hunter2/)
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/seed', DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE="0" must be at least 1/)
  })
})

describe('loadConfig: access control', () => {
  const SECRET = 'a-secret-of-at-least-thirty-two-characters'
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-config-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is open by default, with the server\'s own origin and loopback-only metrics', () => {
    expect(loadConfig({})).toMatchObject({ access: { mode: 'open' }, allowedOrigins: null, frameAncestors: [], metrics: { token: null, allow: [] } })
  })

  it('refuses links mode without AUTH_SECRET, naming what to set', () => {
    expect(() => loadConfig({ AUTH_MODE: 'links' })).toThrow(/AUTH_MODE=links needs AUTH_SECRET, at least 32 characters/)
  })

  it('refuses a short AUTH_SECRET without printing it', () => {
    try {
      loadConfig({ AUTH_MODE: 'links', AUTH_SECRET: 'hunter2' })
      throw new Error('expected a ConfigError')
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).message).toMatch(/AUTH_SECRET\(7 characters\) must be at least 32 characters/)
      expect((error as ConfigError).message).not.toContain('hunter2')
    }
  })

  it('refuses jwt mode without a key, and with more than one', () => {
    expect(() => loadConfig({ AUTH_MODE: 'jwt' })).toThrow(/AUTH_MODE=jwt needs the key .*AUTH_SECRET .*AUTH_PUBLIC_KEY_FILE .*AUTH_JWKS_FILE/)
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, AUTH_JWKS_FILE: path.join(dir, 'x.json') })).toThrow(/exactly one of/)
  })

  it('reads the jwt key file, and names a file it cannot read or use', async () => {
    const pemFile = path.join(dir, 'key.pem')
    await writeFile(pemFile, '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n')
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: pemFile }).access).toMatchObject({ mode: 'jwt', key: { kind: 'publicKey', file: pemFile } })
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: path.join(dir, 'missing.pem') })).toThrow(/AUTH_PUBLIC_KEY_FILE=".*missing.pem" cannot be read \(ENOENT\)/)
    const notPem = path.join(dir, 'not.pem')
    await writeFile(notPem, 'hello')
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: notPem })).toThrow(/is not a PEM public key/)
    const notJson = path.join(dir, 'keys.json')
    await writeFile(notJson, '{')
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_FILE: notJson })).toThrow(/AUTH_JWKS_FILE=".*keys.json" is not JSON/)
  })

  it('refuses keys that the mode would ignore', () => {
    expect(() => loadConfig({ AUTH_SECRET: SECRET })).toThrow(/AUTH_SECRET is set but AUTH_MODE is open/)
    expect(() => loadConfig({ FRAME_ANCESTORS: 'https://app.example.com' })).toThrow(/FRAME_ANCESTORS is only used with AUTH_MODE=jwt/)
  })

  it('reads AUTH_AUDIENCE and AUTH_ISSUER in jwt mode only', () => {
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET }).access).toMatchObject({ expected: { audience: null, issuer: null } })
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, AUTH_AUDIENCE: 'seed.example.com', AUTH_ISSUER: 'https://app.example.com' }).access).toMatchObject({
      expected: { audience: 'seed.example.com', issuer: 'https://app.example.com' },
    })
    expect(() => loadConfig({ AUTH_AUDIENCE: 'seed.example.com' })).toThrow(/AUTH_AUDIENCE is only used with AUTH_MODE=jwt/)
    expect(() => loadConfig({ AUTH_MODE: 'links', AUTH_SECRET: SECRET, AUTH_ISSUER: 'https://app.example.com' })).toThrow(/AUTH_ISSUER is only used with AUTH_MODE=jwt/)
  })

  it('reads allowed origins, frame ancestors and metrics access, and refuses malformed entries', () => {
    const config = loadConfig({
      AUTH_MODE: 'jwt',
      AUTH_SECRET: SECRET,
      ALLOWED_ORIGINS: 'https://Docs.Example.com, http://localhost:5173/',
      FRAME_ANCESTORS: "https://app.example.com, 'self'",
      METRICS_TOKEN: 'a-metrics-token-long-enough',
      METRICS_ALLOW: '10.0.0.5, fd00::5',
    })
    expect(config).toMatchObject({
      allowedOrigins: ['https://docs.example.com', 'http://localhost:5173'],
      frameAncestors: ['https://app.example.com', "'self'"],
      metrics: { token: 'a-metrics-token-long-enough', allow: ['10.0.0.5', 'fd00::5'] },
    })
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://docs.example.com/path' })).toThrow(/ALLOWED_ORIGINS=.* must list origins/)
    expect(() => loadConfig({ METRICS_ALLOW: 'prometheus.local' })).toThrow(/METRICS_ALLOW=.* must list IP addresses/)
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, FRAME_ANCESTORS: "* 'unsafe-inline'" })).toThrow(/FRAME_ANCESTORS=.* must list origins allowed to embed/)
  })
})

describe('loadConfig: webhooks', () => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`

  it('is off without WEBHOOK_URLS, and reads the URLs, the secret and the defaults of the schedule and debounce', () => {
    expect(loadConfig({}).webhooks).toBeNull()
    expect(loadConfig({ WEBHOOK_URLS: 'https://a.example/hook, http://b.example:8080/in', WEBHOOK_SECRET: secret }).webhooks).toEqual({
      urls: ['https://a.example/hook', 'http://b.example:8080/in'],
      secret,
      retryScheduleMs: [5000, 30_000, 120_000, 600_000, 3_600_000],
      debounceMs: 2000,
      maxWaitMs: 10_000,
    })
    expect(loadConfig({ WEBHOOK_URLS: 'http://a.example', WEBHOOK_SECRET: secret, WEBHOOK_RETRY_SCHEDULE_MS: '100,200', WEBHOOK_DEBOUNCE_MS: '300', WEBHOOK_MAX_WAIT_MS: '1000' }).webhooks).toMatchObject({
      retryScheduleMs: [100, 200],
      debounceMs: 300,
      maxWaitMs: 1000,
    })
  })

  it('refuses URLs without a secret, a malformed secret (without printing it), a URL that is not http(s), and a maximum wait below the debounce', () => {
    expect(() => loadConfig({ WEBHOOK_URLS: 'https://a.example/hook' })).toThrow(/WEBHOOK_URLS needs WEBHOOK_SECRET/)
    expect(() => loadConfig({ WEBHOOK_URLS: 'https://a.example/hook', WEBHOOK_SECRET: 'not-a-whsec-secret' })).toThrow(/WEBHOOK_SECRET\(18 characters\) must be a Standard Webhooks secret/)
    expect(() => loadConfig({ WEBHOOK_URLS: 'ftp://a.example/hook', WEBHOOK_SECRET: secret })).toThrow(/WEBHOOK_URLS=.* must list http:\/\/ or https:\/\/ URLs/)
    expect(() => loadConfig({ WEBHOOK_URLS: 'http://a.example', WEBHOOK_SECRET: secret, WEBHOOK_DEBOUNCE_MS: '5000', WEBHOOK_MAX_WAIT_MS: '1000' })).toThrow(/WEBHOOK_MAX_WAIT_MS=1000 must be at least WEBHOOK_DEBOUNCE_MS/)
    expect(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE_MS: '5s' })).toThrow(/WEBHOOK_RETRY_SCHEDULE_MS=.* must list delays in milliseconds/)
  })

  it('records versions after 30 s of quiet and at most 10 minutes apart by default, keeping all for a day and hourly for 30 days; refuses settings out of order', () => {
    expect(loadConfig({}).versions).toEqual({ afterIdleMs: 30_000, maxIntervalMs: 600_000, retention: { keepAllMs: 86_400_000, keepHourlyMs: 2_592_000_000 } })
    expect(loadConfig({ VERSION_AFTER_IDLE_MS: '100', VERSION_MAX_INTERVAL_MS: '1000', VERSION_KEEP_ALL_MS: '0', VERSION_KEEP_HOURLY_MS: '3600000' }).versions).toEqual({
      afterIdleMs: 100,
      maxIntervalMs: 1000,
      retention: { keepAllMs: 0, keepHourlyMs: 3_600_000 },
    })
    expect(() => loadConfig({ VERSION_AFTER_IDLE_MS: '5000', VERSION_MAX_INTERVAL_MS: '1000' })).toThrow(/VERSION_MAX_INTERVAL_MS=1000 must be at least VERSION_AFTER_IDLE_MS/)
    expect(() => loadConfig({ VERSION_KEEP_ALL_MS: '7200000', VERSION_KEEP_HOURLY_MS: '3600000' })).toThrow(/VERSION_KEEP_HOURLY_MS=3600000 must be at least VERSION_KEEP_ALL_MS/)
    expect(() => loadConfig({ VERSION_AFTER_IDLE_MS: 'soon' })).toThrow(/VERSION_AFTER_IDLE_MS=.* must be a whole number/)
  })
})

describe('loadConfig: logs', () => {
  it('names the instance INSTANCE_ID (or the host name) with the pid and a random suffix per start, and bounds the refusal interval', () => {
    const named = loadConfig({ INSTANCE_ID: 'seed-1' }).instanceId
    expect(named).toMatch(new RegExp(`^seed-1:${process.pid}:[0-9a-f]{8}$`))
    expect(loadConfig({ INSTANCE_ID: 'seed-1' }).instanceId).not.toBe(named)
    expect(loadConfig({}).instanceId).toMatch(new RegExp(`^${hostname().replace(/[.]/g, '\\.')}:${process.pid}:`))
    expect(() => loadConfig({ INSTANCE_ID: 'seed 1/a' })).toThrow(/INSTANCE_ID="seed 1\/a" must be 1 to 64 letters, digits/)
    expect(loadConfig({}).logRefusalsIntervalMs).toBe(10_000)
    expect(() => loadConfig({ LOG_REFUSALS_INTERVAL_MS: '10' })).toThrow(/LOG_REFUSALS_INTERVAL_MS="10" must be at least 100/)
  })
})
