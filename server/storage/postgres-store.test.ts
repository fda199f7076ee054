import { afterEach, describe, expect, it } from 'vitest'
import pg from 'pg'
import * as Y from 'yjs'
import { describeStoreContract } from '../../test-support/store-contract.ts'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { PostgresStore } from './postgres-store.ts'
import { MIGRATIONS, SchemaTooNewError, migrate } from './postgres-schema.ts'
import { StoreBackendError } from './store-errors.ts'

describe.skipIf(!serviceInstalled('postgres', 'the PostgreSQL store tests'))('PostgresStore', () => {
  const postgres = usePostgres()
  const { freshDatabase } = postgres
  const stores: PostgresStore[] = []
  /** Errors of idle connections, reported instead of crashing the process. */
  const idleErrors: Error[] = []

  async function openStore(url: string, poolSize = 4): Promise<PostgresStore> {
    const store = await PostgresStore.open({ connectionString: url, poolSize, onIdleConnectionError: (error) => idleErrors.push(error) })
    stores.push(store)
    return store
  }

  describeStoreContract('PostgresStore on a real PostgreSQL', async () => {
    const url = await freshDatabase()
    return {
      open: () => openStore(url),
      // Another pool on the same database: what another Seed instance is.
      otherWriter: () => openStore(url),
      dispose: () => postgres.server.dropDatabase(url),
    }
  })

  describe('beyond the shared contract', () => {
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close().catch(() => undefined)
    })

    async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        return await use(client)
      } finally {
        await client.end()
      }
    }

    it('migrates once when several instances start together, and again changes nothing', async () => {
      const url = await freshDatabase()
      await Promise.all([openStore(url), openStore(url), openStore(url), openStore(url)])
      const versions = await withClient(url, async (client) => (await client.query('SELECT version FROM seed_schema_version ORDER BY version')).rows)
      expect(versions).toEqual(MIGRATIONS.map((_, i) => ({ version: i + 1 })))
      expect(await withClient(url, (client) => migrate(client))).toEqual([])

      // A new migration racing from three connections: exactly one applies it, the others find it done.
      const next = [...MIGRATIONS, 'CREATE TABLE seed_migration_probe (id integer)']
      const clients = await Promise.all([0, 1, 2].map(async () => {
        const client = new pg.Client({ connectionString: url })
        await client.connect()
        return client
      }))
      try {
        const applied = await Promise.all(clients.map((client) => migrate(client, next)))
        expect(applied.flat()).toEqual([next.length])
      } finally {
        for (const client of clients) await client.end()
      }
    })

    it('refuses a database whose schema a newer Seed migrated', async () => {
      const url = await freshDatabase()
      await openStore(url)
      await expect(withClient(url, (client) => migrate(client, MIGRATIONS.slice(0, -1)))).rejects.toBeInstanceOf(SchemaTooNewError)
    })

    it('gives two instances appending to one room at once distinct, gapless, increasing seqs', async () => {
      const url = await freshDatabase()
      const [first, second] = [await openStore(url), await openStore(url)]
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      for (let i = 0; i < 200; i++) doc.getArray<number>('numbers').push([i])

      // Interleaved and none awaited: both instances' batches race for the room's counter row.
      const seqs = updates.map((update, i) => (i % 2 === 0 ? first : second).appendUpdate('shared', update))
      const settled = await Promise.all(seqs)
      expect([...settled].sort((a, b) => a - b)).toEqual(updates.map((_, i) => i + 1))
      for (const parity of [0, 1]) {
        const own = settled.filter((_, i) => i % 2 === parity)
        expect(own.every((seq, i) => i === 0 || seq > own[i - 1]!)).toBe(true)
      }
      const loaded = new Y.Doc()
      const room = await first.loadRoom('shared')
      for (const update of room.updates) Y.applyUpdate(loaded, update)
      expect(room.lastSeq).toBe(200)
      expect(loaded.getArray<number>('numbers').toArray()).toEqual(doc.getArray<number>('numbers').toArray())
    })

    it('commits the appends that arrive while one is in flight together, in one transaction', async () => {
      const url = await freshDatabase()
      const store = await openStore(url)
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (update: Uint8Array) => updates.push(update))
      for (let i = 0; i < 50; i++) doc.getArray<number>('numbers').push([i])
      // Two waves: the second arrives while the first is committing (or after it), never one by one.
      const firstWave = updates.slice(0, 10).map((update) => store.appendUpdate('batched', update))
      await new Promise((resolve) => setImmediate(resolve))
      const secondWave = updates.slice(10).map((update) => store.appendUpdate('batched', update))
      await Promise.all([...firstWave, ...secondWave])
      // Rows written by one transaction share its id (xmin).
      const transactions = await withClient(url, async (client) => (await client.query("SELECT count(DISTINCT xmin::text) AS n FROM seed_updates WHERE room_id = 'batched'")).rows[0].n)
      expect(Number(transactions)).toBeLessThanOrEqual(2)
    })

    it('rejects with a typed error saying what to check while the server is down, and works again once it is back', async () => {
      const url = await freshDatabase()
      const store = await openStore(url)
      const doc = new Y.Doc()
      doc.getText('t').insert(0, 'kept')
      expect(await store.appendUpdate('outage', Y.encodeStateAsUpdate(doc))).toBe(1)

      await postgres.server.stop()
      try {
        const failure = await store.appendUpdate('outage', Y.encodeStateAsUpdate(doc)).catch((error: unknown) => error)
        expect(failure).toBeInstanceOf(StoreBackendError)
        expect((failure as Error).message).toMatch(/could not store an update of room "outage".*running and reachable/s)
        await expect(store.checkWritable()).rejects.toBeInstanceOf(StoreBackendError)
        await expect(store.loadRoom('outage')).rejects.toThrow(/could not load the records of room "outage"/)
        await expect(PostgresStore.open({ connectionString: url, poolSize: 1, onIdleConnectionError: () => undefined })).rejects.toThrow(
          /could not prepare its tables.*running and reachable/s,
        )
      } finally {
        await postgres.server.restart()
      }
      await store.checkWritable()
      expect((await store.loadRoom('outage')).lastSeq).toBe(1)
      expect(await store.appendUpdate('outage', Y.encodeStateAsUpdate(doc))).toBe(2)
    })

    it('answers the writability check (readiness) with an error when the server hangs, instead of hanging too', async () => {
      const store = await openStore(await freshDatabase())
      await store.checkWritable()
      postgres.server.freeze()
      try {
        await expect(store.checkWritable()).rejects.toThrow(/could not check that it is writable: no answer within \d+ ms.*running and reachable/s)
      } finally {
        postgres.server.thaw()
      }
      await store.checkWritable()
    })
  })
})
