/**
 * Webhooks (issue 19 point 7) end to end: a real Seed (in-process, or a child
 * process to SIGKILL, or two instances on one PostgreSQL and Redis) and a
 * real HTTP receiver on 127.0.0.1 that checks every request with the stock
 * Standard Webhooks library, as any receiver would.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as Y from 'yjs'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import { RedisServer } from '../../test-support/redis-server.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'

const SECRET = `whsec_${Buffer.from('the webhook secret of this test run!').toString('base64')}`
const API_KEY = 'the-api-key-of-the-webhook-tests-0123456789'

interface Received {
  id: string
  type: string
  data: { id: string; title?: string; seq?: number; writers?: Array<{ subject: string | null; name: string | null }>; bytes?: number; version?: object }
  /** The stock library accepted its signature and timestamp. */
  verified: boolean
  /** What the receiver answered. */
  status: number
}

/** An HTTP receiver that verifies each webhook with `standardwebhooks` and answers what `answer` says (204 by default). */
class WebhookReceiver {
  readonly received: Received[] = []
  answer: (request: { id: string; data: Received['data']; attempt: number }) => number = () => 204

  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer()
    const receiver = new WebhookReceiver(server)
    const verifier = new Webhook(SECRET)
    server.on('request', (request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]))
        let verified = true
        try {
          verifier.verify(body, headers)
        } catch {
          verified = false
        }
        const { type, data } = JSON.parse(body) as Pick<Received, 'type' | 'data'>
        const id = headers['webhook-id']!
        const attempt = receiver.received.filter((entry) => entry.id === id).length + 1
        const status = receiver.answer({ id, data, attempt })
        receiver.received.push({ id, type, data, verified, status })
        response.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return receiver
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`
  }

  of(document: string, type?: string): Received[] {
    return this.received.filter((entry) => entry.data.id === document && (type === undefined || entry.type === type))
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

function webhookEnv(receiver: WebhookReceiver, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    API_KEY,
    WEBHOOK_URLS: receiver.url,
    WEBHOOK_SECRET: SECRET,
    WEBHOOK_DEBOUNCE_MS: '300',
    WEBHOOK_MAX_WAIT_MS: '1000',
    WEBHOOK_RETRY_SCHEDULE_MS: '100,200,300',
    ...overrides,
  }
}

function api(baseUrl: string, pathname: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<Response> {
  return fetch(new URL(pathname, baseUrl), {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${API_KEY}`, ...(init.contentType ? { 'Content-Type': init.contentType } : {}) },
    ...(init.body === undefined ? {} : { body: init.body }),
  })
}

async function createDocument(baseUrl: string, id: string, markdown?: string): Promise<void> {
  const body = JSON.stringify(markdown === undefined ? { id } : { id, content: markdown, format: 'markdown' })
  const response = await api(baseUrl, '/api/v1/documents', { method: 'POST', body, contentType: 'application/json' })
  expect(response.status).toBe(201)
}

interface ListedDelivery {
  id: string
  type: string
  document: string
  state: string
  attempts: number
  lastStatus: number | null
}

async function deliveries(baseUrl: string): Promise<ListedDelivery[]> {
  const response = await api(baseUrl, '/api/v1/webhooks/deliveries?limit=500')
  expect(response.status).toBe(200)
  return ((await response.json()) as { deliveries: ListedDelivery[] }).deliveries
}

/** Polls an async condition (a listing over HTTP) until it holds. */
async function eventually(condition: () => Promise<boolean>, description: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${description}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Appends a paragraph to the client's document, as the editor would. */
function typeParagraph(client: NodeClient, text: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  const fragment = client.doc.getXmlFragment(DOCUMENT_FIELD)
  fragment.insert(fragment.length, [paragraph])
}

const paragraphCount = (client: NodeClient) => client.doc.getXmlFragment(DOCUMENT_FIELD).length

describe('webhooks from one Seed', () => {
  let receiver: WebhookReceiver
  let server: TestServer
  const clients: NodeClient[] = []

  beforeAll(async () => {
    receiver = await WebhookReceiver.start()
    server = await startTestServer(webhookEnv(receiver))
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
    receiver.answer = () => 204
  })
  afterAll(async () => {
    await server?.dispose()
    await receiver?.close()
  })

  /** A stock client whose awareness names it `name` (the writer a batch reports in open mode). */
  async function member(room: string, name: string): Promise<NodeClient> {
    const client = connectClient(server.wsUrl, room, { connect: false })
    clients.push(client)
    client.provider.awareness.setLocalStateField('user', { name, color: '#336699' })
    client.provider.connect()
    await client.synced()
    return client
  }

  it('sends document.created, document.updated and document.deleted, each signed so that the stock library verifies it', async () => {
    await createDocument(server.url, 'signed', '# Plans\n\nHello')
    await waitFor(() => receiver.of('signed', 'document.updated').length > 0, 'document.updated of "signed"')
    expect((await api(server.url, '/api/v1/documents/signed', { method: 'DELETE' })).status).toBe(204)
    await waitFor(() => receiver.of('signed', 'document.deleted').length > 0, 'document.deleted of "signed"')

    const received = receiver.of('signed')
    expect(received.every((entry) => entry.verified)).toBe(true)
    expect(received[0]!.type).toBe('document.created')
    expect(received.at(-1)!.type).toBe('document.deleted')
    const [updated] = receiver.of('signed', 'document.updated')
    expect(updated!.data).toMatchObject({ id: 'signed', title: 'Plans', seq: expect.any(Number) as number, bytes: expect.any(Number) as number })
    expect(updated!.data.bytes).toBeGreaterThan(0)
    expect(updated!.data.writers).toEqual([expect.objectContaining({ subject: expect.stringMatching(/^api-key:/) as string })])

    // The receiver answers before the sender records the answer: the listing says delivered a moment later.
    let listed: Awaited<ReturnType<typeof deliveries>> = []
    const allDelivered = async () => {
      listed = (await deliveries(server.url)).filter((delivery) => delivery.document === 'signed')
      return listed.length === received.length && listed.every((delivery) => delivery.state === 'delivered')
    }
    for (let tries = 0; !(await allDelivered()); tries++) {
      if (tries > 200) throw new Error(`deliveries of "signed" not all delivered: ${JSON.stringify(listed)}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    expect(listed.map((delivery) => delivery.id).sort()).toEqual(received.map((entry) => entry.id).sort())
    expect(listed.every((delivery) => delivery.attempts === 1 && delivery.lastStatus === 204)).toBe(true)
  })

  it('a burst of edits by two people makes one document.updated naming both', async () => {
    const [ada, bo] = [await member('burst', 'Ada'), await member('burst', 'Bo')]
    for (let i = 0; i < 10; i++) {
      typeParagraph(ada, `Ada ${i}`)
      typeParagraph(bo, `Bo ${i}`)
    }
    // Each sees the other's edits only once they are stored: every batch event was emitted.
    await waitFor(() => paragraphCount(ada) === 20 && paragraphCount(bo) === 20, 'both clients see all 20 paragraphs')
    await waitFor(() => receiver.of('burst', 'document.updated').length > 0, 'document.updated of "burst"')

    const [updated] = receiver.of('burst', 'document.updated')
    expect(updated!.verified).toBe(true)
    expect(updated!.data.writers).toEqual(expect.arrayContaining([{ subject: null, name: 'Ada' }, { subject: null, name: 'Bo' }]))
    // Every window is in the outbox from its first batch on: one listed means one event.
    expect((await deliveries(server.url)).filter((delivery) => delivery.document === 'burst' && delivery.type === 'document.updated')).toHaveLength(1)
  })

  it('while editing goes on, document.updated still comes at least every WEBHOOK_MAX_WAIT_MS', async () => {
    const writer = await member('steady', 'Steady')
    let typed = 0
    // Faster than the 300 ms debounce: without the maximum wait no event would come before the typing stops.
    const typing = setInterval(() => typeParagraph(writer, `line ${typed++}`), 50)
    try {
      await waitFor(() => receiver.of('steady', 'document.updated').length >= 2, 'two document.updated while typing goes on')
    } finally {
      clearInterval(typing)
    }
    const [first, second] = receiver.of('steady', 'document.updated')
    expect(second!.data.seq!).toBeGreaterThan(first!.data.seq!)
    expect(second!.data.writers).toEqual([{ subject: null, name: 'Steady' }])
  })

  it('retries a receiver that answers 500 with the same webhook-id until it answers 2xx, and gives up after the schedule', async () => {
    receiver.answer = ({ data, attempt }) => (data.id === 'down' || attempt < 3 ? 500 : 200)
    await createDocument(server.url, 'flaky')
    await createDocument(server.url, 'down')
    await waitFor(() => receiver.of('flaky').some((entry) => entry.status === 200), 'a 200 answer for "flaky"')
    const flaky = receiver.of('flaky', 'document.created')
    expect(flaky.map((entry) => entry.status)).toEqual([500, 500, 200])
    expect(new Set(flaky.map((entry) => entry.id)).size).toBe(1)
    expect(flaky.every((entry) => entry.verified)).toBe(true)

    // One attempt and the three retries of WEBHOOK_RETRY_SCHEDULE_MS, then failed.
    await eventually(async () => (await deliveries(server.url)).some((delivery) => delivery.document === 'down' && delivery.state === 'failed'), '"down" failed')
    const down = receiver.of('down', 'document.created')
    expect(down).toHaveLength(4)
    expect(new Set(down.map((entry) => entry.id)).size).toBe(1)
    const listed = await deliveries(server.url)
    expect(listed.find((delivery) => delivery.document === 'flaky')).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 })
    expect(listed.find((delivery) => delivery.document === 'down')).toMatchObject({ state: 'failed', attempts: 4, lastStatus: 500 })
  })

  it('sends version.created with the version as the API lists it', async () => {
    await createDocument(server.url, 'versioned', 'Hello')
    const saved = await api(server.url, '/api/v1/documents/versioned/versions', { method: 'POST', body: JSON.stringify({ name: 'First' }), contentType: 'application/json' })
    expect(saved.status).toBe(201)
    const version = (await saved.json()) as object
    await waitFor(() => receiver.of('versioned', 'version.created').length > 0, 'version.created of "versioned"')
    expect(receiver.of('versioned', 'version.created')).toEqual([expect.objectContaining({ verified: true, data: { id: 'versioned', version } })])
  })
})

describe('webhooks across a crash', () => {
  let receiver: WebhookReceiver
  let seed: ServerProcess | undefined
  beforeAll(async () => {
    receiver = await WebhookReceiver.start()
  })
  afterAll(async () => {
    await seed?.dispose()
    await receiver?.close()
  })

  it('loses no event when the server is SIGKILLed: queued and debouncing ones are delivered after the restart', async () => {
    // The receiver is down until the restart: nothing can be delivered before the kill.
    receiver.answer = () => 503
    seed = await startSeed({ env: webhookEnv(receiver, { WEBHOOK_DEBOUNCE_MS: '3000', WEBHOOK_MAX_WAIT_MS: '3000' }) })
    await createDocument(seed.url, 'kept', '# Kept\n\nSurvives a crash')
    // Durable once listed: the created delivery, and the document.updated whose window is still open.
    await eventually(async () => {
      const listed = (await deliveries(seed!.url)).filter((delivery) => delivery.document === 'kept')
      return listed.some((delivery) => delivery.type === 'document.created') && listed.some((delivery) => delivery.type === 'document.updated' && delivery.state === 'debouncing')
    }, 'both deliveries of "kept" in the outbox')
    await seed.kill()

    receiver.answer = () => 204
    await seed.restart()
    await waitFor(() => ['document.created', 'document.updated'].every((type) => receiver.of('kept', type).some((entry) => entry.status === 204)), 'both events of "kept" after the restart', 20_000)
    expect(receiver.received.every((entry) => entry.verified)).toBe(true)
    expect(receiver.of('kept', 'document.updated').at(-1)!.data).toMatchObject({ id: 'kept', title: 'Kept' })
  })
})

const servicesInstalled = serviceInstalled('postgres', 'the cluster webhook tests') && serviceInstalled('redis', 'the cluster webhook tests')

describe.skipIf(!servicesInstalled)('webhooks from two instances on one PostgreSQL and Redis', () => {
  const postgres = usePostgres()
  let redis: RedisServer
  let receiver: WebhookReceiver
  const instances: ServerProcess[] = []
  beforeAll(async () => {
    ;[redis, receiver] = await Promise.all([RedisServer.start(), WebhookReceiver.start()])
  })
  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.dispose()
  })
  afterAll(async () => {
    await redis?.dispose()
    await receiver?.close()
  })

  it('delivers each event once per URL, whichever instance it happened on, retries included', async () => {
    const databaseUrl = await postgres.freshDatabase()
    const env = webhookEnv(receiver, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url })
    // One at a time: the first creates the tables.
    for (let i = 0; i < 2; i++) instances.push(await startSeed({ env }))
    // Every first attempt fails: the retries come due together, and both instances' loops reach for them.
    receiver.answer = ({ attempt }) => (attempt === 1 ? 503 : 204)
    const documents = Array.from({ length: 12 }, (_, i) => `shared-${i}`)
    await Promise.all(documents.map((id, i) => createDocument(instances[i % 2]!.url, id)))
    await waitFor(() => documents.every((id) => receiver.of(id, 'document.created').some((entry) => entry.status === 204)), 'every document.created delivered', 20_000)

    const delivered = receiver.received.filter((entry) => entry.status === 204)
    expect(new Set(delivered.map((entry) => entry.id)).size).toBe(delivered.length)
    for (const id of documents) expect(new Set(receiver.of(id, 'document.created').map((entry) => entry.id)).size).toBe(1)
    expect(receiver.received.every((entry) => entry.verified)).toBe(true)
  })
})
