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

  async function seedOn(databaseUrl: string): Promise<ServerProcess> {
    const seed = await startSeed({ env: { DATABASE_URL: databaseUrl } })
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

  it('while PostgreSQL is down: reports not ready, tells a writer its update was not stored, shares nothing unstored; recovers when it is back', async () => {
    const url = await freshDatabase()
    const seed = await seedOn(url)
    const writer = client(seed, 'outage')
    const observer = client(seed, 'outage')
    await Promise.all([writer.synced(), observer.synced()])
    writer.text.insert(0, 'before ')
    await waitFor(() => observer.text.toString() === 'before ', 'the observer sees the first edit')
    const closeCodes: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event) closeCodes.push(event.code)
    })

    await postgres.server.stop()
    try {
      // /readyz answers from a probe at most a second old.
      await expect.poll(async () => (await fetch(`${seed.url}readyz`)).status, { timeout: 10_000 }).toBe(503)
      expect(await (await fetch(`${seed.url}readyz`)).json()).toMatchObject({ status: 'not ready', reason: 'PostgreSQL store is not writable' })
      expect((await fetch(`${seed.url}healthz`)).status).toBe(200)

      writer.text.insert(7, 'during the outage')
      await waitFor(() => closeCodes.includes(CloseCode.storeWriteFailed), 'the writer is told its update was not stored')
      writer.provider.disconnect()
      observer.provider.disconnect()
      expect(observer.text.toString()).toBe('before ')
      expect(seed.output.join('')).toMatch(/Is the PostgreSQL server of DATABASE_URL running and reachable/)
    } finally {
      await postgres.server.restart()
    }

    await expect.poll(async () => (await fetch(`${seed.url}readyz`)).status, { timeout: 10_000 }).toBe(200)
    expect((await freshRead(seed, 'outage')).getText('text').toString()).toBe('before ')
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
