/**
 * Cluster mode end to end: three Seed processes on one PostgreSQL and one
 * Redis (both real, started for this file), stock y-websocket clients spread
 * over them. Instances die, Redis restarts, a subscriber misses messages, and
 * every client still ends with every edit.
 */
import { tmpdir } from 'node:os'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Redis } from 'ioredis'
import { fetchMetrics, metricValue } from '../../bench/seed-metrics.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { runSeedToExit, startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { PostgresServer } from '../../test-support/postgres-server.ts'
import { RedisServer } from '../../test-support/redis-server.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'
import { startFailoverProxy, type FailoverProxy } from '../../test-support/failover-proxy.ts'

const HEARTBEAT_MS = 200
const INSTANCE_TIMEOUT_MS = 1000
const servicesInstalled = serviceInstalled('postgres', 'the cluster tests') && serviceInstalled('redis', 'the cluster tests')

describe.skipIf(!servicesInstalled)('three instances sharing PostgreSQL and Redis', () => {
  let postgres: PostgresServer
  let redis: RedisServer
  let databaseUrl: string
  let instances: ServerProcess[]
  const clients: NodeClient[] = []
  const proxies: FailoverProxy[] = []

  function startInstance(): Promise<ServerProcess> {
    return startSeed({
      env: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, CLUSTER_HEARTBEAT_MS: String(HEARTBEAT_MS), CLUSTER_INSTANCE_TIMEOUT_MS: String(INSTANCE_TIMEOUT_MS) },
    })
  }

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
    databaseUrl = await postgres.createDatabase()
    instances = []
    // One at a time: the first runs the migrations, and two cores start three processes no faster at once.
    for (let i = 0; i < 3; i++) instances.push(await startInstance())
  }, 120_000)

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const proxy of proxies.splice(0)) await proxy.close()
  })

  afterAll(async () => {
    for (const instance of instances ?? []) await instance.dispose()
    await redis?.dispose()
    await postgres?.dispose()
  })

  function client(serverUrl: string, room: string): NodeClient {
    const created = connectClient(serverUrl, room)
    clients.push(created)
    return created
  }

  /** Times each client's provider connected: one means it never had to reconnect. */
  function countConnects(observed: NodeClient): () => number {
    let connects = observed.provider.wsconnected ? 1 : 0
    observed.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') connects += 1
    })
    return () => connects
  }

  async function metric(instance: ServerProcess, line: RegExp): Promise<number> {
    const text = await (await fetch(`${instance.url}metrics`)).text()
    return text
      .split('\n')
      .filter((entry) => line.test(entry))
      .reduce((sum, entry) => sum + Number(entry.split(' ').at(-1)), 0)
  }

  /** Polls /readyz until it answers `status`; resolves with its body. */
  async function readinessBecomes(instance: ServerProcess, status: number): Promise<unknown> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const response = await fetch(`${instance.url}readyz`)
      const body: unknown = await response.json()
      if (response.status === status) return body
      if (Date.now() > deadline) throw new Error(`/readyz still answers ${response.status} (${JSON.stringify(body)}), not ${status}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** Polls a metric of `instance` until it reads `value`. */
  async function metricBecomes(instance: ServerProcess, line: RegExp, value: number): Promise<void> {
    const deadline = Date.now() + 10_000
    while ((await metric(instance, line)) !== value) {
      if (Date.now() > deadline) throw new Error(`${line} of ${instance.url} did not become ${value}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  function allHold(observers: NodeClient[], tokens: string[]): boolean {
    const first = observers[0]!.text.toString()
    return observers.every((observer) => observer.text.toString() === first) && tokens.every((token) => first.includes(token))
  }

  it('lets clients spread over the instances co-edit one room and converge, each update crossing once with no loop, and each instance sees the other two', async () => {
    const editors = instances.flatMap((instance) => [client(instance.wsUrl, 'co-edit'), client(instance.wsUrl, 'co-edit')])
    await Promise.all(editors.map((editor) => editor.synced()))
    const tokens: string[] = []
    for (let round = 0; round < 10; round++) {
      editors.forEach((editor, index) => {
        const token = `<${index}.${round}>`
        tokens.push(token)
        editor.text.insert(round % 2 === 0 ? 0 : editor.text.length, token)
      })
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await waitFor(() => allHold(editors, tokens), 'every editor holds the same text with every edit')
    for (const instance of instances) expect(await metric(instance, /^seed_bus_instances /)).toBe(3)

    // No loops: each stored update is published once, by the instance that stored it (at most one per edit,
    // fewer when batched), and heard once by each of the two others; nothing heard is published again.
    const total = async (line: RegExp) => (await Promise.all(instances.map((instance) => metric(instance, line)))).reduce((a, b) => a + b, 0)
    const published = await total(/^seed_bus_messages_total\{direction="out",kind="update"\}/)
    expect(published).toBeGreaterThan(0)
    expect(published).toBeLessThanOrEqual(tokens.length)
    const deadline = Date.now() + 10_000
    while ((await total(/^seed_bus_messages_total\{direction="in",kind="update"\}/)) !== 2 * published) {
      if (Date.now() > deadline) throw new Error('instances did not hear each published update exactly once')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await total(/^seed_bus_messages_total\{direction="out",kind="update"\}/)).toBe(published)
  })

  it('reports the PostgreSQL pool, both Redis connections and the store timed and measured as postgres on /metrics', async () => {
    const writer = client(instances[0]!.wsUrl, 'metrics')
    await writer.synced()
    writer.text.insert(0, 'counted')
    await vi.waitFor(async () => {
      const samples = await fetchMetrics(instances[0]!.url)
      expect(metricValue(samples, 'seed_store_operation_seconds_count', { backend: 'postgres', operation: 'append' })).toBeGreaterThan(0)
      expect(metricValue(samples, 'seed_store_operation_seconds_count', { backend: 'postgres', operation: 'load' })).toBeGreaterThan(0)
      expect(metricValue(samples, 'seed_store_bytes', { backend: 'postgres' })).toBeGreaterThan(0)
      expect(metricValue(samples, 'seed_postgres_pool_clients', { state: 'total' })).toBeGreaterThan(0)
      // A scrape's own size query may be waiting for a connection being opened: only the series are certain.
      const poolStates = samples.filter((sample) => sample.name === 'seed_postgres_pool_clients').map((sample) => sample.labels.state)
      expect(poolStates.sort()).toEqual(['idle', 'total', 'waiting'])
      expect(metricValue(samples, 'seed_redis_connected', { connection: 'publisher' })).toBe(1)
      expect(metricValue(samples, 'seed_redis_connected', { connection: 'subscriber' })).toBe(1)
    })
  })

  it('shows each client’s caret to the clients of the other instances, and removes it everywhere when it leaves', async () => {
    const [ann, bob, cat] = instances.map((instance) => client(instance.wsUrl, 'carets'))
    await Promise.all([ann!, bob!, cat!].map((one) => one.synced()))
    ann!.provider.awareness.setLocalStateField('user', { name: 'Ann', color: '#336699' })
    const annId = ann!.doc.clientID
    const seesAnn = (other: NodeClient) => (other.provider.awareness.getStates().get(annId) as { user?: { name: string } } | undefined)?.user?.name === 'Ann'
    await waitFor(() => seesAnn(bob!) && seesAnn(cat!), 'ann’s caret reached the other instances')
    bob!.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#993366' })
    await waitFor(() => ann!.provider.awareness.getStates().has(bob!.doc.clientID), 'bob’s caret reached ann')

    ann!.provider.disconnect()
    await waitFor(() => !bob!.provider.awareness.getStates().has(annId) && !cat!.provider.awareness.getStates().has(annId), 'ann’s caret gone everywhere')
  })

  it('loses nothing of a client moved to another instance mid-edit', async () => {
    const mover = client(instances[0]!.wsUrl, 'move')
    const observer = client(instances[2]!.wsUrl, 'move')
    await Promise.all([mover.synced(), observer.synced()])
    const tokens: string[] = []
    for (let i = 0; i < 40; i++) {
      if (i === 20) {
        // The load balancer sends the client elsewhere, as after a deploy or a failover.
        mover.provider.disconnect()
        mover.provider.serverUrl = instances[1]!.wsUrl
        mover.provider.connect()
      }
      tokens.push(`<${i}>`)
      mover.text.insert(mover.text.length, `<${i}>`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await waitFor(() => allHold([mover, observer], tokens), 'the observer holds every edit of the moved client')
    const fresh = client(instances[1]!.wsUrl, 'move')
    await fresh.synced()
    expect(fresh.text.toString()).toBe(mover.text.toString())
  })

  it('loses no edit when an instance is killed while its clients write: they fail over and converge, and its carets go from the others', async () => {
    const [a, b, c] = instances
    const proxy = await startFailoverProxy([a!.port, b!.port])
    proxies.push(proxy)
    const writers = [client(proxy.wsUrl, 'kill'), client(proxy.wsUrl, 'kill')]
    // Connected to the dying instance only: it never comes back, so its caret must be removed by the others.
    const stranded = client(a!.wsUrl, 'kill')
    const observers = [client(b!.wsUrl, 'kill'), client(c!.wsUrl, 'kill')]
    await Promise.all([...writers, stranded, ...observers].map((one) => one.synced()))
    stranded.provider.awareness.setLocalStateField('user', { name: 'Stranded' })
    writers[0]!.provider.awareness.setLocalStateField('user', { name: 'Writer' })
    const has = (observer: NodeClient, owner: NodeClient) => observer.provider.awareness.getStates().has(owner.doc.clientID)
    await waitFor(() => observers.every((observer) => has(observer, stranded) && has(observer, writers[0]!)), 'carets reached the observers')

    const tokens: string[] = []
    const confirmedBeforeKill: string[] = []
    try {
      for (let i = 0; i < 60; i++) {
        if (i === 30) {
          // What an observer on another instance holds was stored before it was sent: confirmed.
          confirmedBeforeKill.push(...tokens.filter((token) => observers[1]!.text.toString().includes(token)))
          await a!.kill()
        }
        writers.forEach((writer, index) => {
          const token = `<${index}.${i}>`
          tokens.push(token)
          writer.text.insert(writer.text.length, token)
        })
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      expect(confirmedBeforeKill.length).toBeGreaterThan(0)
      await waitFor(() => allHold([...writers, ...observers], tokens), 'writers and observers converge on every edit', 20_000)
      await waitFor(() => observers.every((observer) => !has(observer, stranded)), 'the dead instance’s caret is gone', 3 * INSTANCE_TIMEOUT_MS + 2000)
      await waitFor(() => observers.every((observer) => has(observer, writers[0]!)), 'the failed-over writer’s caret is shown')
      // Stored, not just relayed: a new client of a third instance reads every edit at its first sync.
      const reader = client(c!.wsUrl, 'kill')
      await reader.synced()
      for (const token of tokens) expect(reader.text.toString()).toContain(token)
    } finally {
      stranded.provider.disconnect()
      await a!.restart()
    }
  }, 60_000)

  it('heals after Redis restarts mid-session, without any client reconnecting', async () => {
    const editors = instances.map((instance) => client(instance.wsUrl, 'redis-restart'))
    await Promise.all(editors.map((editor) => editor.synced()))
    const connects = editors.map(countConnects)
    const tokens: string[] = []
    const write = (round: string) =>
      editors.forEach((editor, index) => {
        tokens.push(`<${index}.${round}>`)
        editor.text.insert(0, `<${index}.${round}>`)
      })
    write('before')
    await waitFor(() => allHold(editors, tokens), 'converged before the restart')
    const healedBefore = await Promise.all(instances.map((instance) => metric(instance, /^seed_bus_gaps_healed_total\{reason="reconnect"\}/)))

    await redis.stop()
    write('while Redis is down')
    expect(await readinessBecomes(instances[0]!, 503)).toEqual({ status: 'not ready', reason: 'Redis is not reachable', unreadableRecordsSetAside: 0 })
    await redis.restart()
    write('after')
    await readinessBecomes(instances[0]!, 200)

    await waitFor(() => allHold(editors, tokens), 'converged after the restart', 20_000)
    expect(connects.map((count) => count())).toEqual([1, 1, 1])
    const healedAfter = await Promise.all(instances.map((instance) => metric(instance, /^seed_bus_gaps_healed_total\{reason="reconnect"\}/)))
    healedAfter.forEach((healed, index) => expect(healed).toBeGreaterThan(healedBefore[index]!))
  }, 40_000)

  it('heals an instance whose subscriber missed messages (paused, then cut off by Redis), without any client reconnecting', async () => {
    const [a, b, c] = instances
    const writer = client(a!.wsUrl, 'dropped')
    const reader = client(b!.wsUrl, 'dropped')
    const witness = client(c!.wsUrl, 'dropped')
    await Promise.all([writer.synced(), reader.synced(), witness.synced()])
    const readerConnects = countConnects(reader)
    writer.text.insert(0, 'before ')
    await waitFor(() => reader.text.toString() === 'before ', 'the first edit reached the reader')

    const admin = new Redis(redis.url)
    try {
      b!.freeze()
      // Cut B's subscriber off while it cannot notice: whatever is published now is lost to it.
      const connections = (await admin.client('LIST')) as string
      const subscriberId = connections
        .split('\n')
        .find((line) => line.includes(`name=seed-bus-subscriber:`) && line.includes(`:${b!.pid}:`))
        ?.match(/\bid=(\d+)/)?.[1]
      expect(subscriberId).toBeDefined()
      await admin.client('KILL', 'ID', subscriberId!)
      writer.text.insert(writer.text.length, 'missed')
      // Published: the third instance heard it.
      await waitFor(() => witness.text.toString() === 'before missed', 'the edit reached the third instance')
    } finally {
      b!.thaw()
      admin.disconnect()
    }
    await waitFor(() => reader.text.toString() === 'before missed', 'the reader got the edit its instance missed')
    expect(readerConnects()).toBe(1)
  }, 30_000)

  it('refuses to start when Redis cannot be reached, refuses the password or has no such database: one sentence each, exit code 2, no stack', async () => {
    const guarded = await RedisServer.start({ password: 'the-right-password' })
    try {
      const guardedAt = `127.0.0.1:${guarded.port}`
      const runs = await Promise.all(
        ['redis://:secret-password@127.0.0.1:1', `redis://:a-wrong-password@${guardedAt}`, `redis://${guardedAt}`, `${redis.url}/99`].map((url) =>
          // DATA_DIR is not used with DATABASE_URL.
          runSeedToExit({ dataDir: tmpdir(), env: { DATABASE_URL: databaseUrl, REDIS_URL: url }, timeoutMs: 40_000 }),
        ),
      )
      const sentences = runs.map((run) => {
        expect(run.code, run.stderr).toBe(2)
        expect(run.stderr).not.toMatch(/Unhandled error event|\n\s+at |secret-password|a-wrong-password/)
        expect(run.stderr.trim().split('\n')).toHaveLength(1)
        return run.stderr.trim()
      })
      expect(sentences[0]).toMatch(/^Cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\): .*ECONNREFUSED.*; start Redis, fix REDIS_URL, or unset it to run a single instance\.$/)
      expect(sentences[1]).toBe(`Redis at ${guardedAt} refused the user name or password in REDIS_URL: set the password its requirepass (or ACL user) expects, as redis://:password@${guardedAt}.`)
      expect(sentences[2]).toBe(`Redis at ${guardedAt} requires a password and REDIS_URL has none: add it, as redis://:password@${guardedAt}.`)
      expect(sentences[3]).toMatch(/^Redis at 127\.0\.0\.1:\d+ has no database 99 \(.*`databases` setting, 16 by default\): use a lower number, e\.g\. \/0\.$/)
    } finally {
      await guarded.dispose()
    }
  }, 60_000)

  it('serves the full document at the first sync of an instance that joins late; one that stops gracefully is seen leaving, with nothing to catch up on', async () => {
    const editors = instances.map((instance) => client(instance.wsUrl, 'late'))
    await Promise.all(editors.map((editor) => editor.synced()))
    const tokens = editors.map((editor, index) => {
      editor.text.insert(0, `<${index}>`)
      return `<${index}>`
    })
    await waitFor(() => allHold(editors, tokens), 'the editors converged')
    const late = await startInstance()
    try {
      const newcomer = client(late.wsUrl, 'late')
      await newcomer.synced()
      expect(newcomer.text.toString()).toBe(editors[0]!.text.toString())
      await metricBecomes(instances[0]!, /^seed_bus_instances /, 4)

      const healedBefore = await metric(instances[0]!, /^seed_bus_gaps_healed_total\{reason="instance-gone"\}/)
      await late.stop()
      // It said goodbye after publishing everything: the others drop it at once and read nothing again.
      await metricBecomes(instances[0]!, /^seed_bus_instances /, 3)
      expect(await metric(instances[0]!, /^seed_bus_gaps_healed_total\{reason="instance-gone"\}/)).toBe(healedBefore)
    } finally {
      await late.dispose()
    }
  }, 40_000)
})
