/**
 * Server writes and deletion in a cluster: two Seed instances (in this
 * process) on one PostgreSQL and one Redis, both real; stock y-websocket
 * clients on each, over WebSocket and the HTTP fallback. What one instance
 * writes or deletes reaches the people on the other; a deletion no instance
 * announced (made in the store directly, as `seed documents delete` does) is
 * found by the instances themselves, and nobody brings the document back.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { connectClient, type NodeClient } from '../../test-support/node-client.ts'
import { documentBecomes, documentText, nextCloseCode } from '../../test-support/document-client.ts'
import { PostgresServer } from '../../test-support/postgres-server.ts'
import { RedisServer } from '../../test-support/redis-server.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { CloseCode } from '../../shared/protocol.ts'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import type { Writer } from '../storage/document-store.ts'
import { PostgresStore } from '../storage/postgres-store.ts'
import { announceDeletionToCluster } from '../bus/redis-bus.ts'

const API: Writer = { subject: 'api-key:test', name: null }
const API_KEY = 'the-api-key-of-the-document-cluster-tests-0123'
const markdown = (value: string) => ({ format: 'markdown' as const, value })
const servicesInstalled = serviceInstalled('postgres', 'the document cluster tests') && serviceInstalled('redis', 'the document cluster tests')

describe.skipIf(!servicesInstalled)('document writes across two instances sharing PostgreSQL and Redis', () => {
  let postgres: PostgresServer
  let redis: RedisServer
  let a: TestServer
  let b: TestServer
  /** The shared database as a tool outside the servers opens it (the CLI): its deletions announce nothing on the bus. */
  let outsideStore: PostgresStore
  const clients: NodeClient[] = []

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
    const databaseUrl = await postgres.createDatabase()
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, CLUSTER_HEARTBEAT_MS: '200', CLUSTER_INSTANCE_TIMEOUT_MS: '1000', API_KEY }
    // One after the other: the first runs the migrations.
    a = await startTestServer(env)
    b = await startTestServer(env)
    outsideStore = await PostgresStore.open({ connectionString: databaseUrl, poolSize: 2, onIdleConnectionError: () => undefined })
  }, 60_000)

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })

  afterAll(async () => {
    await outsideStore?.close()
    await a?.dispose()
    await b?.dispose()
    await redis?.dispose()
    await postgres?.dispose()
  })

  function client(server: TestServer, room: string, transport: 'websocket' | 'http' = 'websocket'): NodeClient {
    const connected = connectClient(server.wsUrl, room, { transport })
    clients.push(connected)
    return connected
  }

  it('shows a replace made on one instance to a client of the other within a second', async () => {
    const id = (await a.documents.create({ content: markdown('Before'), writer: API }))!.id
    const onB = client(b, id)
    await onB.synced()
    expect(documentText(onB.doc)).toBe('Before')

    const arrived = documentBecomes(onB, (doc) => documentText(doc) === 'Replaced on A', 'the replace crossed to instance B', 1000)
    await a.documents.replace(id, markdown('Replaced on A'), API)
    await arrived
  })

  it('closes the people of a deleted document on both instances (WebSocket and HTTP fallback) with 4410, and refuses them on both afterwards', async () => {
    const id = (await a.documents.create({ content: markdown('Soon gone'), writer: API }))!.id
    const people = [client(a, id), client(b, id), client(b, id, 'http')]
    await Promise.all(people.map((person) => person.synced()))
    const closes = Promise.all(people.map(nextCloseCode))

    await a.documents.delete(id)
    expect(await closes).toEqual([CloseCode.documentDeleted, CloseCode.documentDeleted, CloseCode.documentDeleted])
    for (const server of [a, b]) expect(await nextCloseCode(client(server, id))).toBe(CloseCode.documentDeleted)
    expect(await b.documents.read(id, 'json')).toBeNull()
  })

  it('drops a room deleted in the store directly once an instance reads the store again (here: its bus reconnects), closing its people with 4410', async () => {
    const id = (await a.documents.create({ content: markdown('Deleted behind the servers’ backs'), writer: API }))!.id
    const people = [client(a, id), client(b, id, 'http')]
    await Promise.all(people.map((person) => person.synced()))
    const closes = Promise.all(people.map(nextCloseCode))

    await outsideStore.deleteRoom(id)
    // Every instance's subscriber is cut off: each reconnects, reads its rooms from the store and finds the tombstone.
    const admin = new Redis(redis.url)
    try {
      await admin.call('CLIENT', 'KILL', 'TYPE', 'pubsub')
    } finally {
      admin.disconnect()
    }
    expect(await closes).toEqual([CloseCode.documentDeleted, CloseCode.documentDeleted])
    expect(await outsideStore.roomInfo(id)).toEqual({ lastSeq: 0, createdAt: null, deleted: true })
  })

  it('closes the people of a room deleted in the store directly at its next write with 4410, storing nothing of it', async () => {
    const id = (await a.documents.create({ content: markdown('Still open'), writer: API }))!.id
    const [writer, reader] = [client(a, id), client(a, id)]
    await Promise.all([writer.synced(), reader.synced()])
    const closes = Promise.all([nextCloseCode(writer), nextCloseCode(reader)])

    await outsideStore.deleteRoom(id)
    writer.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlText('written after the deletion')])
    expect(await closes).toEqual([CloseCode.documentDeleted, CloseCode.documentDeleted])
    expect(await outsideStore.loadRoom(id)).toEqual({ updates: [], lastSeq: 0, setAside: [], deleted: true })
  })

  it('closes the people of a room at once on every instance when a deletion in the store directly is announced over Redis (the seed tool does)', async () => {
    const id = (await a.documents.create({ content: markdown('Only read'), writer: API }))!.id
    const readers = [client(a, id), client(b, id, 'http')]
    await Promise.all(readers.map((reader) => reader.synced()))
    const closes = Promise.all(readers.map(nextCloseCode))

    await outsideStore.deleteRoom(id)
    await announceDeletionToCluster({ redisUrl: redis.url, channelPrefix: 'seed:' }, id, 'a-tool')
    expect(await closes).toEqual([CloseCode.documentDeleted, CloseCode.documentDeleted])
  })

  it('drops what an instance that missed a deletion still holds when the document is created again (restored), so the old one writes nothing into the new one', async () => {
    const id = (await a.documents.create({ content: markdown('The old one'), writer: API }))!.id
    const stale = client(b, id)
    await stale.synced()
    const closed = nextCloseCode(stale)
    // Deleted behind B's back: B still holds the old room, and nothing makes it read the store.
    await outsideStore.deleteRoom(id)

    const restored = await fetch(new URL('/api/rooms', a.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }) })
    expect(restored.status).toBe(201)
    expect(await closed).toBe(CloseCode.documentDeleted)
    const fresh = client(b, id)
    await fresh.synced()
    expect(documentText(fresh.doc)).toBe('')
    expect(await outsideStore.roomInfo(id)).toMatchObject({ lastSeq: 0 })
  })

  it('refuses a stock client that still holds a deleted document when it reconnects, and stores nothing it holds', async () => {
    const id = (await a.documents.create({ content: markdown('Held by a client'), writer: API }))!.id
    const holder = client(b, id)
    await holder.synced()
    const closed = nextCloseCode(holder)
    await a.documents.delete(id)
    expect(await closed).toBe(CloseCode.documentDeleted)

    // The stock provider stops at a 44xx close; connecting it again, with the document in memory and a change made since:
    holder.doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [new Y.XmlText('made after the deletion')])
    for (const server of [b, a]) {
      const refused = nextCloseCode(holder)
      holder.provider.serverUrl = server.wsUrl
      holder.provider.connect()
      expect(await refused).toBe(CloseCode.documentDeleted)
    }
    expect(await outsideStore.loadRoom(id)).toEqual({ updates: [], lastSeq: 0, setAside: [], deleted: true })
  })

  it('stores a version of one document state once when both instances record it at the same time', async () => {
    const id = (await a.documents.create({ content: markdown('Written on both'), writer: API }))!.id
    const save = (server: TestServer, name: string) =>
      fetch(new URL(`/api/v1/documents/${id}/versions`, server.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      })
    const statuses = (await Promise.all([save(a, 'On A'), save(b, 'On B')])).map((response) => response.status)
    expect(statuses.sort()).toEqual([200, 201])
    const listed = await fetch(new URL(`/api/v1/documents/${id}/versions`, b.url), { headers: { Authorization: `Bearer ${API_KEY}` } })
    expect(((await listed.json()) as { versions: unknown[] }).versions).toHaveLength(1)
  })
})
