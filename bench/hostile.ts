/**
 * `npm run bench:hostile`: how Seed, the reference y-websocket server and
 * Hocuspocus treat hostile clients, one server after the other, each a fresh
 * process: the bad-input battery and the attacks while a healthy room keeps
 * editing (bench/hostile-battery.ts, bench/hostile-attacks.ts), then, on
 * another fresh process, a client that stops reading while another writes
 * (bench/slow-consumer.ts); for Seed also, on a fresh process behind
 * TRUST_PROXY=1, a client-sent `Forwarded` header (bench/proxy-header.ts).
 * Writes the hostile section of bench/RESULTS.md. A measurement: no thresholds.
 */
import { loadavg } from 'node:os'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { ATTACKS } from './hostile-attacks.ts'
import { runBattery } from './hostile-battery.ts'
import { BAD_INPUTS } from '../test-support/bad-inputs.ts'
import { renderHostileSection, type ServerRun, type SlowConsumerSetup } from './hostile-report.ts'
import { describeMachine } from './machine.ts'
import { readCpuSeconds, readMachineBusySeconds } from './process-usage.ts'
import { commandLine, formatRatio, mib, writeResultsSection } from './report.ts'
import { SERVER_LABELS, startServer, type BenchServer, type ServerKind, type StartOptions } from './servers.ts'
import { checkSpoofedForwarded, PROXY_ENV } from './proxy-header.ts'
import { measureSlowConsumer } from './slow-consumer.ts'

const SERVERS: readonly ServerKind[] = ['seed', 'reference', 'hocuspocus']
const SLOW_CONSUMER: SlowConsumerSetup = { bytesPerSecond: 200_000, boundMs: 120_000 }
/** Bound on one server's battery and slow consumer together, for the watchdog. */
const PER_SERVER_BOUND_MS = 10 * 60_000

/** CPU seconds so far: the server, this process, the whole machine. */
interface CpuMark {
  at: number
  server: number
  own: number
  machine: number
}

function markCpu(server: BenchServer): CpuMark {
  const own = process.cpuUsage()
  return { at: performance.now(), server: readCpuSeconds(server.pid), own: (own.user + own.system) / 1e6, machine: readMachineBusySeconds() }
}

/** CPU seconds the rest of the machine used between two marks. */
function otherCpuSeconds(from: CpuMark, to: CpuMark): number {
  return Math.max(0, to.machine - from.machine - (to.server - from.server) - (to.own - from.own))
}

/** Runs `measure` on a fresh server of `kind`; returns its result and the other processes' CPU seconds meanwhile. */
async function onFreshServer<T>(
  kind: ServerKind,
  measure: (server: BenchServer) => Promise<T>,
  options: StartOptions = {},
): Promise<{ result: T; otherSeconds: number; seconds: number }> {
  const server = await startServer(kind, options)
  try {
    const from = markCpu(server)
    const result = await measure(server)
    // After a crash and restart the first process's CPU is gone: the figure then counts it as other load.
    const to = markCpu(server)
    return { result, otherSeconds: otherCpuSeconds(from, to), seconds: (to.at - from.at) / 1000 }
  } finally {
    await server.dispose()
  }
}

async function main(): Promise<void> {
  const machine = describeMachine()
  const liftTimeBound = boundRunTime('Hostile benchmark', SERVERS.length * PER_SERVER_BOUND_MS)
  // Every y-websocket provider adds a process 'exit' listener (removed on destroy).
  process.setMaxListeners(20)
  const log = (line: string) => process.stdout.write(`${line}\n`)
  try {
    const runs: ServerRun[] = []
    for (const kind of SERVERS) {
      const label = SERVER_LABELS[kind]
      log(`${label}: ${BAD_INPUTS.length} kinds of bad input and ${ATTACKS.length} attacks while a healthy room edits`)
      const battery = await onFreshServer(kind, (server) => runBattery(server, BAD_INPUTS, ATTACKS, log))
      const b = battery.result
      log(`  RSS start ${mib(b.rssStartBytes, 0)} MiB, peak ${mib(b.peakRssBytes, 0)} MiB, end ${mib(b.rssEndBytes, 0)} MiB (${formatRatio(b.rssEndBytes / b.rssStartBytes)})`)
      log(`${label}: slow consumer, ${SLOW_CONSUMER.bytesPerSecond / 1000} KB/s written to a room whose other client stopped reading`)
      const slow = await onFreshServer(kind, (server) => measureSlowConsumer(server, { room: 'slow-consumer', ...SLOW_CONSUMER }))
      const s = slow.result
      log(
        `  ${s.droppedAfterMs === null ? `not dropped within ${SLOW_CONSUMER.boundMs / 1000} s` : `dropped after ${(s.droppedAfterMs / 1000).toFixed(1)} s`}; ` +
          `peak RSS +${mib(s.peakRssBytes - s.rssBeforeBytes)} MiB; close seen on reading again: ${s.close ? s.close.code : '–'}`,
      )
      // Only Seed reads a client address from headers (TRUST_PROXY); the others never do.
      const proxyHeader = kind === 'seed' ? (await onFreshServer(kind, checkSpoofedForwarded, { seedEnv: PROXY_ENV })).result : null
      if (proxyHeader) log(`${label}: /metrics behind TRUST_PROXY=1: X-Forwarded-For alone HTTP ${proxyHeader.proxiedStatus}, with a client-sent Forwarded: for=127.0.0.1 HTTP ${proxyHeader.spoofedStatus}`)
      runs.push({ kind, label, battery: b, slow: s, proxyHeader, otherCpus: (battery.otherSeconds + slow.otherSeconds) / (battery.seconds + slow.seconds) })
    }
    const command = commandLine('bench:hostile', 'bench/hostile.ts', [])
    await writeResultsSection('hostile', renderHostileSection({ command, machine, loadAverageAtEnd: loadavg(), slowConsumer: SLOW_CONSUMER, runs }))
  } finally {
    liftTimeBound()
  }
}

runBenchmark(main)
