/**
 * `npm run bench`: load scenarios against Seed, the reference y-websocket
 * server and Hocuspocus in one run, written to the load section of
 * bench/RESULTS.md, the one-busy-room headline (Seed's p99 over the best
 * other's) also printed. BENCH_DURATION_S shortens the write phase for a quick check.
 */
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { busyRoomHeadline, describeSpec, renderLoadSection } from './load-report.ts'
import { describeMachine } from './machine.ts'
import { commandLine, writeResultsSection } from './report.ts'
import { runScenario, type ScenarioResult, type ScenarioSpec } from './scenario.ts'
import { SERVER_LABELS, startServer, type ServerKind } from './servers.ts'
import { readNumberEnv } from './env-number.ts'

const SERVERS: ServerKind[] = ['seed', 'reference', 'hocuspocus']

async function main(): Promise<void> {
  const durationSeconds = readNumberEnv('BENCH_DURATION_S', { fallback: 10, min: 1, max: 600, unit: 'seconds' })
  const machine = describeMachine()
  const specs: ScenarioSpec[] = [
    { id: 'S1', title: 'one busy room', rooms: 1, clientsPerRoom: 50, writersPerRoom: 5, writesPerSecond: 20, durationSeconds },
    { id: 'S2', title: 'many small rooms', rooms: 10, clientsPerRoom: 5, writersPerRoom: 1, writesPerSecond: 20, durationSeconds },
  ]
  // Every y-websocket provider adds a process 'exit' listener (removed on destroy); 50 at once is expected here.
  process.setMaxListeners(Math.max(...specs.map((spec) => spec.rooms * spec.clientsPerRoom)) + 10)
  // Bound the whole run: per scenario and server, writing plus generous time for start, sync, drain and stop.
  const liftTimeBound = boundRunTime('Benchmark', specs.length * SERVERS.length * (durationSeconds + 90) * 1000)

  const results: ScenarioResult[] = []
  for (const spec of specs) {
    for (const kind of SERVERS) {
      process.stdout.write(`${spec.id} ${describeSpec(spec)} — ${SERVER_LABELS[kind]} … `)
      const server = await startServer(kind)
      try {
        const result = await runScenario(server, spec)
        results.push(result)
        process.stdout.write(
          `sync p50 ${result.syncMs.p50.toFixed(1)} ms, latency p50/p95/p99 ${result.latencyMs.p50.toFixed(1)}/${result.latencyMs.p95.toFixed(1)}/${result.latencyMs.p99.toFixed(1)} ms, ` +
            `${result.deliveredPerSecond.toFixed(0)} delivered/s, ${result.missing} missing, CPU ${result.serverCpuSeconds.toFixed(2)} s, peak RSS ${(result.serverPeakRssBytes / 2 ** 20).toFixed(0)} MiB, ` +
            `other load ${(result.otherCpuSeconds / result.spanSeconds).toFixed(2)} CPUs\n`,
        )
      } finally {
        await server.dispose()
      }
    }
  }
  liftTimeBound()
  process.stdout.write(busyRoomHeadline({ specs, results }).map((line) => `${line}\n`).join(''))
  await writeResultsSection('load', renderLoadSection({ command: commandLine('bench', 'bench/load.ts', ['BENCH_DURATION_S']), machine, specs, results }))
}

runBenchmark(main)
