import { afterEach, describe, expect, it } from 'vitest'
import pg from 'pg'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import { crashWhileWriting } from '../../test-support/crash-while-writing.ts'

// Fewer than the LevelDB crash test's default: each round also waits for PostgreSQL.
const CRASH_ROUNDS = Number(process.env.SEED_CRASH_ROUNDS ?? 5)

describe.skipIf(!serviceInstalled('postgres', 'the Seed-on-PostgreSQL integration tests'))('a Seed server with DATABASE_URL', () => {
  const postgres = usePostgres()
  const { freshDatabase } = postgres
  const processes: ServerProcess[] = []
  const clients: NodeClient[] = []

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of processes.splice(0)) await p.dispose()
  })

  async function seedOn(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const seed = await startSeed({ env: { DATABASE_URL: databaseUrl, ...env } })
    processes.push(seed)
    return seed
  }

  function client(seed: ServerProcess, room: string): NodeClient {
    const c = connectClient(seed.wsUrl, room)
    clients.push(c)
    return c
  }

  async function freshRead(seed: ServerProcess, room: string): Promise<Y.Doc> {
    const reader = client(seed, room)
    await reader.synced()
    return reader.doc
  }

  async function storedRecords(databaseUrl: string, room: string): Promise<number> {
    const db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
    try {
      return Number((await db.query('SELECT count(*) AS n FROM seed_updates WHERE room_id = $1', [room])).rows[0].n)
    } finally {
      await db.end()
    }
  }

  it('serves and stores in PostgreSQL, and keeps the text across a SIGKILL and a graceful restart', async () => {
    const url = await freshDatabase()
    const seed = await seedOn(url)
    const writer = client(seed, 'kept')
    const observer = client(seed, 'kept')
    await Promise.all([writer.synced(), observer.synced()])
    writer.text.insert(0, 'stored in Postgres')
    await waitFor(() => observer.text.toString() === 'stored in Postgres', 'the observer sees the text')
    expect(await storedRecords(url, 'kept')).toBeGreaterThan(0)

    // What the observer saw was committed before it was sent: a crash keeps it.
    await seed.kill()
    writer.destroy()
    observer.destroy()
    await seed.restart()
    expect((await freshRead(seed, 'kept')).getText('text').toString()).toBe('stored in Postgres')

    expect(await seed.stop()).toBe(0)
    await seed.restart()
    expect((await freshRead(seed, 'kept')).getText('text').toString()).toBe('stored in Postgres')
    expect((await fetch(`${seed.url}readyz`)).status).toBe(200)
  })

  it(`loses nothing an observer saw when the server is SIGKILLed mid-stream (${CRASH_ROUNDS} rounds)`, async () => {
    const seed = await seedOn(await freshDatabase())
    for (let round = 0; round < CRASH_ROUNDS; round++) {
      const { confirmed, missing } = await crashWhileWriting(seed, `crash-${round}`, client)
      expect(missing, `round ${round}: ${missing.length} of ${confirmed.length} confirmed updates missing`).toEqual([])
    }
  }, 120_000)

  it('while PostgreSQL is down: reports not ready (logged once), tells a writer and a newcomer the store is unreachable, shares nothing unstored; recovers when it is back', async () => {
    const url = await freshDatabase()
    // info: the line saying it is ready again.
    const seed = await seedOn(url, { LOG_LEVEL: 'info' })
    const writer = client(seed, 'outage')
    const observer = client(seed, 'outage')
    await Promise.all([writer.synced(), observer.synced()])
    writer.text.insert(0, 'before ')
    await waitFor(() => observer.text.toString() === 'before ', 'the observer sees the first edit')
    const closes: { code: number; reason: string }[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closes.push({ code: event.code, reason: event.reason })
    })

    await postgres.server.stop()
    try {
      // /readyz answers from a probe at most a second old.
      await expect.poll(async () => (await fetch(`${seed.url}readyz`)).status, { timeout: 10_000 }).toBe(503)
      expect(await (await fetch(`${seed.url}readyz`)).json()).toMatchObject({ status: 'not ready', reason: 'PostgreSQL store is not writable' })
      expect((await fetch(`${seed.url}healthz`)).status).toBe(200)

      writer.text.insert(7, 'during the outage')
      await waitFor(() => closes.some(({ code }) => code === CloseCode.storeWriteFailed), 'the writer is told its update was not stored')
      expect(closes.find(({ code }) => code === CloseCode.storeWriteFailed)!.reason).toMatch(/^The document store is unreachable/)
      writer.provider.disconnect()
      observer.provider.disconnect()
      expect(observer.text.toString()).toBe('before ')

      // A room nobody had open cannot be loaded: an outage, not damaged data.
      const newcomer = client(seed, 'opened-during-outage')
      const newcomerCloses: { code: number; reason: string }[] = []
      newcomer.provider.on('connection-close', (event: CloseEvent | null) => {
        if (event) newcomerCloses.push({ code: event.code, reason: event.reason })
      })
      await waitFor(() => newcomerCloses.length > 0, 'the newcomer is told why its document does not open')
      newcomer.provider.disconnect()
      expect(newcomerCloses[0]).toEqual({ code: CloseCode.roomLoadFailed, reason: 'The document store is unreachable; the document opens again once it answers' })
      expect(seed.output.join('')).toMatch(/Is the PostgreSQL server of DATABASE_URL running and reachable/)
      await waitFor(() => /"room":"opened-during-outage".*The document store is unreachable/.test(seed.output.join('')), 'the log says the store is unreachable')
      expect(seed.output.join('')).not.toMatch(/damaged/)
    } finally {
      await postgres.server.restart()
    }

    await expect.poll(async () => (await fetch(`${seed.url}readyz`)).status, { timeout: 10_000 }).toBe(200)
    expect((await freshRead(seed, 'outage')).getText('text').toString()).toBe('before ')
    // Probed many times while down: one line when readiness changed, one when it came back, no stack.
    await waitFor(() => seed.output.join('').includes('"msg":"ready again"'), 'the log says it is ready again')
    const log = seed.output.join('')
    expect(log.match(/"msg":"not ready: PostgreSQL store is not writable"/g)).toHaveLength(1)
    expect(log.match(/"msg":"ready again"/g)).toHaveLength(1)
  })

  it('refuses to start when DATABASE_URL cannot be reached, saying what to check', async () => {
    const url = await freshDatabase()
    await postgres.server.stop()
    try {
      await expect(startSeed({ env: { DATABASE_URL: url } })).rejects.toThrow(/could not prepare its tables.*Is the PostgreSQL server of DATABASE_URL running/s)
    } finally {
      await postgres.server.restart()
    }
  })
})
