/**
 * The outbox contract (webhook-outbox.ts), run against both implementations:
 * LevelDB in a temp dir and PostgreSQL (a real server, test-support).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { usePostgres } from '../../test-support/postgres-fixture.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import type { NewWebhookEvent, WebhookOutbox } from './webhook-outbox.ts'
import { LevelWebhookOutbox } from './level-webhook-outbox.ts'
import { PostgresWebhookOutbox } from './postgres-webhook-outbox.ts'

const URLS = ['http://a.example/hook', 'http://b.example/hook']
const LEASE_MS = 60_000

const created = (eventId: string, dueAt: number): NewWebhookEvent => ({ eventId, type: 'document.created', room: 'room', occurredAt: dueAt, data: { id: 'room' }, state: 'pending', dueAt })

/** Opens outboxes on one shared place (a directory, a database): a second `open` is a restart or another instance. */
type OpenOutbox = () => Promise<WebhookOutbox>

function outboxContract(prepare: () => Promise<OpenOutbox>, options: { sharedByProcesses: boolean }) {
  const opened: WebhookOutbox[] = []
  afterEach(async () => {
    for (const outbox of opened.splice(0)) await outbox.close().catch(() => undefined)
  })
  async function setUp(): Promise<OpenOutbox> {
    const open = await prepare()
    return async () => {
      const outbox = await open()
      opened.push(outbox)
      return outbox
    }
  }

  it('adds one delivery per URL, each with its own id, and leases a claimed one to its claimer alone until the lease ends', async () => {
    const outbox = await (await setUp())()
    await outbox.add(created('e1', 1000), URLS, 1000)
    expect(await outbox.claimDue(999, 10, LEASE_MS)).toEqual([])
    expect(await outbox.nextDueAt()).toBe(1000)
    const claims = await outbox.claimDue(1000, 10, LEASE_MS)
    expect(claims.map((claim) => claim.url).sort()).toEqual(URLS)
    expect(new Set(claims.map((claim) => claim.id)).size).toBe(2)
    expect(claims[0]).toMatchObject({ eventId: 'e1', type: 'document.created', data: { id: 'room' }, attempts: 0, state: 'pending' })
    expect(await outbox.claimDue(2000, 10, LEASE_MS)).toEqual([])
    expect(await outbox.nextDueAt()).toBe(1000 + LEASE_MS)
    const again = await outbox.claimDue(1000 + LEASE_MS, 10, LEASE_MS)
    expect(again.map((claim) => claim.id).sort()).toEqual(claims.map((claim) => claim.id).sort())
  })

  it('records attempts: a retry is due at its time with the same id, a delivered one waits no more, a stale lease changes nothing', async () => {
    const outbox = await (await setUp())()
    await outbox.add(created('e1', 0), URLS.slice(0, 1), 0)
    const [first] = await outbox.claimDue(0, 10, LEASE_MS)
    await outbox.recordAttempt(first!, { state: 'pending', status: 500, error: 'the receiver answered 500', nextAttemptAt: 5000 }, 0)
    expect(await outbox.claimDue(4999, 10, LEASE_MS)).toEqual([])
    const [second] = await outbox.claimDue(5000, 10, LEASE_MS)
    expect(second).toMatchObject({ id: first!.id, attempts: 1, lastStatus: 500, lastError: 'the receiver answered 500' })
    // The first claim's lease is over: its late outcome must not count.
    await outbox.recordAttempt(first!, { state: 'failed', status: 500, error: 'late', nextAttemptAt: null }, 5000)
    await outbox.recordAttempt(second!, { state: 'delivered', status: 200, error: null, nextAttemptAt: null }, 5000)
    expect(await outbox.nextDueAt()).toBeNull()
    expect(await outbox.list(10)).toMatchObject([{ id: first!.id, state: 'delivered', attempts: 2, lastStatus: 200, nextAttemptAt: null }])
  })

  it('hands a released delivery out again at once without counting an attempt', async () => {
    const outbox = await (await setUp())()
    await outbox.add(created('e1', 0), URLS.slice(0, 1), 0)
    const [claim] = await outbox.claimDue(0, 10, LEASE_MS)
    await outbox.release(claim!)
    expect(await outbox.claimDue(1, 10, LEASE_MS)).toMatchObject([{ id: claim!.id, attempts: 0 }])
  })

  it('keeps a debouncing delivery until sealed with its final data, or claimed once its due time passed (then a seal changes nothing)', async () => {
    const outbox = await (await setUp())()
    const updated = (eventId: string): NewWebhookEvent => ({
      eventId,
      type: 'document.updated',
      room: 'room',
      occurredAt: 0,
      data: { id: 'room', title: 'First', seq: 1, writers: [], bytes: 10 },
      state: 'debouncing',
      dueAt: 20_000,
    })
    await outbox.add(updated('sealed'), URLS, 0)
    expect(await outbox.claimDue(1000, 10, LEASE_MS)).toEqual([])
    const final = { id: 'room', title: 'Final', seq: 9, writers: [{ subject: 'a', name: 'A' }], bytes: 90 }
    expect(await outbox.seal('sealed', final, 1500, 2000)).toBe(true)
    const claims = await outbox.claimDue(2000, 10, LEASE_MS)
    expect(claims).toHaveLength(2)
    expect(claims.every((claim) => claim.state === 'pending' && claim.occurredAt === 1500)).toBe(true)
    expect(claims[0]!.data).toEqual(final)

    await outbox.add(updated('orphan'), URLS, 0)
    const orphans = await outbox.claimDue(20_000, 10, LEASE_MS)
    expect(orphans.map((claim) => claim.eventId)).toEqual(['orphan', 'orphan'])
    expect(await outbox.seal('orphan', final, 1500, 20_000)).toBe(false)
    expect(orphans[0]!.data).toMatchObject({ title: 'First', seq: 1 })
  })

  it('lists the newest deliveries first and prunes finished ones older than asked', async () => {
    const outbox = await (await setUp())()
    for (let i = 1; i <= 3; i++) await outbox.add(created(`e${i}`, i * 1000), URLS.slice(0, 1), i * 1000)
    expect((await outbox.list(2)).map((delivery) => delivery.eventId)).toEqual(['e3', 'e2'])
    for (const claim of await outbox.claimDue(2000, 10, LEASE_MS)) await outbox.recordAttempt(claim, { state: 'delivered', status: 204, error: null, nextAttemptAt: null }, 2000)
    expect(await outbox.prune(2500)).toBe(2)
    expect((await outbox.list(10)).map((delivery) => delivery.eventId)).toEqual(['e3'])
  })

  it('keeps every waiting delivery across a reopen', async () => {
    const open = await setUp()
    const first = await open()
    await first.add(created('e1', 0), URLS, 0)
    const [claimed] = await first.claimDue(0, 1, LEASE_MS)
    if (!options.sharedByProcesses) await first.close()
    const second = await open()
    // LevelDB: one process, a lease dies with it. PostgreSQL: the lease holds until it ends.
    const claims = await second.claimDue(options.sharedByProcesses ? LEASE_MS : 0, 10, LEASE_MS)
    expect(claims.map((claim) => claim.url).sort()).toEqual(URLS)
    expect(claims.map((claim) => claim.id)).toContain(claimed!.id)
  })

  if (options.sharedByProcesses) {
    it('never hands one delivery to two instances claiming at the same time', async () => {
      const open = await setUp()
      const instances = await Promise.all([open(), open(), open()])
      const many = Array.from({ length: 40 }, (_, i) => `http://receiver.example/${i}`)
      await instances[0]!.add(created('e1', 0), many, 0)
      const rounds = await Promise.all(instances.flatMap((instance) => [instance.claimDue(0, 7, LEASE_MS), instance.claimDue(0, 7, LEASE_MS)]))
      const ids = rounds.flat().map((claim) => claim.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBe(40)
    })
  }
}

describe('LevelWebhookOutbox', () => {
  const directories: string[] = []
  afterEach(async () => {
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true })
  })
  outboxContract(
    async () => {
      const directory = await mkdtemp(path.join(tmpdir(), 'seed-webhooks-'))
      directories.push(directory)
      return () => LevelWebhookOutbox.open(directory, { fsync: false })
    },
    { sharedByProcesses: false },
  )
})

describe.skipIf(!serviceInstalled('postgres', 'the PostgreSQL webhook outbox tests'))('PostgresWebhookOutbox', () => {
  const postgres = usePostgres()
  outboxContract(
    async () => {
      const connectionString = await postgres.freshDatabase()
      return () => PostgresWebhookOutbox.open({ connectionString, onIdleConnectionError: () => undefined })
    },
    { sharedByProcesses: true },
  )
})
