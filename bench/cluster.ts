/**
 * `npm run bench:cluster`: Seed in cluster mode with 1, 2 and 3 instances on
 * this machine (one throwaway PostgreSQL and Redis, as the tests start them):
 * idle connections held and memory per connection, delivered updates/s with
 * each room routed to one instance, and the extra latency of an update that
 * crosses instances through Redis against one that stays on its instance.
 * Written to the cluster section of bench/RESULTS.md, with an estimate for N
 * machines. BENCH_DURATION_S shortens the write phases.
 */
import { bytesAfterGc, GC_ON_SIGNAL_NODE_ARGS } from '../test-support/heap-after-gc.ts'
import { connectClient, type NodeClient } from '../test-support/node-client.ts'
import { PostgresServer } from '../test-support/postgres-server.ts'
import { RedisServer } from '../test-support/redis-server.ts'
import { startSeed } from '../test-support/seed-process.ts'
import type { ServerProcess } from '../test-support/server-process.ts'
import { serviceInstalled } from '../test-support/service-availability.ts'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { renderClusterSection, type HoldResult } from './cluster-report.ts'
import { runClusterScenario, type ClusterResult, type ClusterScenario } from './cluster-run.ts'
import { readNumberEnv } from './env-number.ts'
import { describeMachine } from './machine.ts'
import { readStatusBytes } from './process-usage.ts'
import { commandLine, writeResultsSection } from './report.ts'
import { sleep, withTimeout } from './scenario.ts'

/** Instances running now, for the watchdog. */
const running = new Set<ServerProcess>()

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
  const liftTimeBound = boundRunTime('Benchmark', INSTANCE_COUNTS.length * (scenarios.length * (durationSeconds + 60) + 120) * 1000, killInstances)

  const [postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
  const results: ClusterResult[] = []
  const holds: HoldResult[] = []
  try {
    for (const count of INSTANCE_COUNTS) {
      const databaseUrl = await postgres.createDatabase()
      const instances: ServerProcess[] = []
      try {
        // One after the other: the first runs the migrations. Compiled, as `npm start` runs it, with the memory probe preloaded.
        for (let i = 0; i < count; i++) {
          const instance = await startSeed({ env: { DATABASE_URL: databaseUrl, REDIS_URL: redis.url }, runtime: 'compiled', nodeArgs: GC_ON_SIGNAL_NODE_ARGS })
          instances.push(instance)
          running.add(instance)
        }
        // On fresh instances, before the scenarios grow their heaps.
        process.stdout.write(`hold: ${IDLE_CONNECTIONS_PER_INSTANCE} idle connections per instance, ${count} instance(s) … `)
        const hold = await holdIdleConnections(instances)
        holds.push(hold)
        process.stdout.write(`${hold.connections} held, ${(hold.heapBytesPerConnection / 1024).toFixed(1)} KiB of heap per connection\n`)
        const cluster = instances.map((instance) => ({ wsUrl: instance.wsUrl, pid: instance.pid }))
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
      } finally {
        for (const instance of instances) {
          await instance.dispose()
          running.delete(instance)
        }
        await postgres.dropDatabase(databaseUrl)
      }
    }
  } finally {
    await redis.dispose()
    await postgres.dispose()
  }
  liftTimeBound()
  await writeResultsSection(
    'cluster',
    renderClusterSection({ command: commandLine('bench:cluster', 'bench/cluster.ts', ['BENCH_DURATION_S']), machine, scenarios, results, holds, idlePerInstance: IDLE_CONNECTIONS_PER_INSTANCE }),
  )
}

/** Opens idle connections, rooms routed to one instance each; reads each instance's memory before and after. */
async function holdIdleConnections(instances: ServerProcess[]): Promise<HoldResult> {
  const rssBefore = instances.map((instance) => readStatusBytes(instance.pid, 'VmRSS'))
  const heapBefore = await Promise.all(instances.map((instance) => bytesAfterGc(instance)))
  const clients: NodeClient[] = []
  try {
    const rooms = (IDLE_CONNECTIONS_PER_INSTANCE / IDLE_CLIENTS_PER_ROOM) * instances.length
    for (let room = 0; room < rooms; room++) {
      const instance = instances[room % instances.length]!
      for (let i = 0; i < IDLE_CLIENTS_PER_ROOM; i++) clients.push(connectClient(instance.wsUrl, `hold-${instances.length}-${room}`))
    }
    await withTimeout(Promise.all(clients.map((client) => client.synced())), 60_000, `${clients.length} idle clients to sync`)
    // Let the awareness exchange and allocations settle before reading memory.
    await sleep(2000)
    const rssAfter = instances.map((instance) => readStatusBytes(instance.pid, 'VmRSS'))
    const heapAfter = await Promise.all(instances.map((instance) => bytesAfterGc(instance)))
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0)
    return {
      instances: instances.length,
      connections: clients.length,
      heapBytesPerConnection: (total(heapAfter) - total(heapBefore)) / clients.length,
      rssBytesPerConnection: (total(rssAfter) - total(rssBefore)) / clients.length,
      rssAfterBytes: total(rssAfter),
    }
  } finally {
    for (const client of clients) client.destroy()
  }
}

function killInstances(): void {
  for (const instance of running) {
    try {
      process.kill(instance.pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

runBenchmark(main, killInstances)
