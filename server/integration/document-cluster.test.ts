/**
 * Server writes and deletion in a cluster: two Seed instances (in this
 * process) on one PostgreSQL and one Redis, both real; stock y-websocket
 * clients on each. What one instance writes or deletes reaches the people on
 * the other.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { connectClient, type NodeClient } from '../../test-support/node-client.ts'
import { documentBecomes, documentText, nextCloseCode } from '../../test-support/document-client.ts'
import { PostgresServer } from '../../test-support/postgres-server.ts'
import { RedisServer } from '../../test-support/redis-server.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { Writer } from '../storage/document-store.ts'

const API: Writer = { subject: 'api-key:test', name: null }
const API_KEY = 'the-api-key-of-the-document-cluster-tests-0123'
const markdown = (value: string) => ({ format: 'markdown' as const, value })
const servicesInstalled = serviceInstalled('postgres', 'the document cluster tests') && serviceInstalled('redis', 'the document cluster tests')

describe.skipIf(!servicesInstalled)('document writes across two instances sharing PostgreSQL and Redis', () => {
  let postgres: PostgresServer
  let redis: RedisServer
  let a: TestServer
  let b: TestServer
  const clients: NodeClient[] = []

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
    const env = { DATABASE_URL: await postgres.createDatabase(), REDIS_URL: redis.url, CLUSTER_HEARTBEAT_MS: '200', CLUSTER_INSTANCE_TIMEOUT_MS: '1000', API_KEY }
    // One after the other: the first runs the migrations.
    a = await startTestServer(env)
    b = await startTestServer(env)
  }, 60_000)

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })

  afterAll(async () => {
    await a?.dispose()
    await b?.dispose()
    await redis?.dispose()
    await postgres?.dispose()
  })

  function client(server: TestServer, room: string): NodeClient {
    const connected = connectClient(server.wsUrl, room)
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

  it('closes the people of a deleted document on both instances with 4410, and refuses them on both afterwards', async () => {
    const id = (await a.documents.create({ content: markdown('Soon gone'), writer: API }))!.id
    const [onA, onB] = [client(a, id), client(b, id)]
    await Promise.all([onA.synced(), onB.synced()])
    const closes = Promise.all([nextCloseCode(onA), nextCloseCode(onB)])

    await a.documents.delete(id)
    expect(await closes).toEqual([CloseCode.documentDeleted, CloseCode.documentDeleted])
    for (const server of [a, b]) expect(await nextCloseCode(client(server, id))).toBe(CloseCode.documentDeleted)
    expect(await b.documents.read(id, 'json')).toBeNull()
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
