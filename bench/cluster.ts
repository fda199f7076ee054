/**
 * `npm run bench:cluster`: Seed in cluster mode with 1, 2 and 3 instances on
 * this machine (one throwaway PostgreSQL and Redis, as the tests start them):
 * idle connections held and memory per connection, delivered updates/s with
 * each room routed to one instance, and the extra latency of an update that
 * crosses instances through Redis against one that stays on its instance.
 * Written to the cluster section of bench/RESULTS.md, with an estimate for N
 * machines. BENCH_DURATION_S shortens the write phases.
 */
import { connectClient, type NodeClient } from '../test-support/node-client.ts'
import { PostgresServer } from '../test-support/postgres-server.ts'
import { RedisServer } from '../test-support/redis-server.ts'
import { serviceInstalled } from '../test-support/service-availability.ts'
import { renderClusterSection, type HoldResult } from './cluster-report.ts'
import { runClusterScenario, type ClusterResult, type ClusterScenario } from './cluster-run.ts'
import { readNumberEnv } from './env-number.ts'
import { describeMachine } from './machine.ts'
import { readStatusBytes } from './process-usage.ts'
import { commandLine, RESULTS_FILE, writeSection } from './report.ts'
import { sleep, withTimeout } from './scenario.ts'
import { killRunningServers, startServer, type BenchServer } from './servers.ts'

const INSTANCE_COUNTS = [1, 2, 3]
const IDLE_CONNECTIONS_PER_INSTANCE = 150
const IDLE_CLIENTS_PER_ROOM = 10

async function main(): Promise<void> {
  if (!serviceInstalled('postgres', 'the cluster benchmark') || !serviceInstalled('redis', 'the cluster benchmark')) {
    process.exitCode = 1
    return
  }
  const durationSeconds = readNumberEnv('BENCH_DURATION_S', { fallback: 10, min: 1, max: 600, unit: 'seconds' })
  const machine = describeMachine()
  const scenarios: ClusterScenario[] = [
    { id: 'C1', title: 'rooms routed by room', placement: 'by-room', rooms: 12, clientsPerRoom: 10, writersPerRoom: 2, writesPerSecond: 10, durationSeconds },
    { id: 'C2', title: 'rooms spread over every instance', placement: 'spread', rooms: 2, clientsPerRoom: 12, writersPerRoom: 2, writesPerSecond: 10, durationSeconds },
  ]
  process.setMaxListeners(IDLE_CONNECTIONS_PER_INSTANCE * Math.max(...INSTANCE_COUNTS) + 200)
  const watchdog = setTimeout(
    () => {
      console.error('Benchmark exceeded its time bound; killing the servers and giving up.')
      killRunningServers()
      process.exit(1)
    },
    INSTANCE_COUNTS.length * (scenarios.length * (durationSeconds + 60) + 120) * 1000,
  )
  watchdog.unref()

  const [postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
  const results: ClusterResult[] = []
  const holds: HoldResult[] = []
  try {
    for (const count of INSTANCE_COUNTS) {
      const databaseUrl = await postgres.createDatabase()
      const instances: BenchServer[] = []
      try {
        // One after the other: the first runs the migrations.
        for (let i = 0; i < count; i++) instances.push(await startServer('seed', { seedEnv: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url } }))
        const cluster = instances.map((instance) => ({ wsUrl: instance.providerUrl, pid: instance.pid }))
        for (const scenario of scenarios) {
          if (scenario.placement === 'spread' && count === 1) continue
          process.stdout.write(`${scenario.id} ${scenario.title}, ${count} instance(s) … `)
          const result = await runClusterScenario(cluster, redis.pid, scenario)
          results.push(result)
          process.stdout.write(
            `${result.deliveredPerSecond.toFixed(0)} delivered/s, same instance p50 ${result.sameInstanceMs.p50.toFixed(1)} ms, ` +
              `across p50 ${result.crossInstanceMs.p50.toFixed(1)} ms, ${result.missing} missing, server CPU ${result.serverCpuSeconds.toFixed(2)} s\n`,
          )
        }
        process.stdout.write(`hold: ${IDLE_CONNECTIONS_PER_INSTANCE} idle connections per instance, ${count} instance(s) … `)
        const hold = await holdIdleConnections(instances)
        holds.push(hold)
        process.stdout.write(`${hold.connections} held, ${(hold.bytesPerConnection / 1024).toFixed(0)} KiB per connection\n`)
      } finally {
        for (const instance of instances) await instance.dispose()
        await postgres.dropDatabase(databaseUrl)
      }
    }
  } finally {
    await redis.dispose()
    await postgres.dispose()
  }
  clearTimeout(watchdog)
  await writeSection(
    RESULTS_FILE,
    'cluster',
    renderClusterSection({ command: commandLine('bench:cluster', 'bench/cluster.ts', ['BENCH_DURATION_S']), machine, scenarios, results, holds, idlePerInstance: IDLE_CONNECTIONS_PER_INSTANCE }),
  )
  process.stdout.write(`Wrote the cluster section of ${RESULTS_FILE}\n`)
}

/** Opens idle connections, rooms routed to one instance each, and reads each instance's RSS before and after. */
async function holdIdleConnections(instances: BenchServer[]): Promise<HoldResult> {
  const rssBefore = instances.map((instance) => readStatusBytes(instance.pid, 'VmRSS'))
  const clients: NodeClient[] = []
  try {
    const rooms = (IDLE_CONNECTIONS_PER_INSTANCE / IDLE_CLIENTS_PER_ROOM) * instances.length
    for (let room = 0; room < rooms; room++) {
      const instance = instances[room % instances.length]!
      for (let i = 0; i < IDLE_CLIENTS_PER_ROOM; i++) clients.push(connectClient(instance.providerUrl, `hold-${instances.length}-${room}`))
    }
    await withTimeout(Promise.all(clients.map((client) => client.synced())), 60_000, `${clients.length} idle clients to sync`)
    // Let the awareness exchange and allocations settle before reading memory.
    await sleep(2000)
    const rssAfter = instances.map((instance) => readStatusBytes(instance.pid, 'VmRSS'))
    const grown = rssAfter.reduce((sum, rss, index) => sum + rss - rssBefore[index]!, 0)
    return { instances: instances.length, connections: clients.length, bytesPerConnection: grown / clients.length, rssAfterBytes: rssAfter.reduce((a, b) => a + b, 0) }
  } finally {
    for (const client of clients) client.destroy()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  killRunningServers()
  process.exitCode = 1
})
