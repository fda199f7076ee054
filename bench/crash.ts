/**
 * `npm run bench:crash`: what survives a SIGKILL right after a burst that
 * another client has seen, for Seed, the reference y-websocket server and
 * Hocuspocus. Per server, burst size and kill delay, CRASH_ROUNDS rounds
 * (default 5), each on a fresh server process and data dir: a writer sets N
 * numbered Y.Map entries as fast as it can, an observer in the same room
 * records which reached it, the server is SIGKILLed once the observer has all
 * N (at once, or a fixed delay later), restarted on the same data dir, and a
 * fresh client counts how many of the confirmed entries are there. Writes the
 * crash section of bench/RESULTS.md. A measurement: no thresholds.
 */
import type * as Y from 'yjs'
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { renderCrashSection, type CrashCase, type CrashCaseResult, type CrashRound } from './crash-report.ts'
import { describeMachine } from './machine.ts'
import { commandLine, writeResultsSection } from './report.ts'
import { sleep, withTimeout } from './scenario.ts'
import { throttleCount } from './seed-metrics.ts'
import { SERVER_LABELS, startServer, type ServerKind } from './servers.ts'
import { readNumberEnv } from './env-number.ts'

const SERVERS: ServerKind[] = ['seed', 'reference', 'hocuspocus']
const BURSTS = [2_000, 200]
/** 0: killed in the same turn the observer saw the last entry; then a short pause, as a person would leave a tab. */
const KILL_DELAYS_MS = [0, 500]
const MAP_NAME = 'crash'
const SYNC_TIMEOUT_MS = 30_000
/** The observer gets this long to see the whole burst; the server is killed then anyway and only what it saw counts. */
const CONFIRM_TIMEOUT_MS = 60_000
/** After the restart: done when the count reached what was confirmed or stopped changing for this long (at most the timeout). */
const CHECK_STABLE_MS = 2_000
const CHECK_TIMEOUT_MS = 15_000
/** Bound on one round: two starts, sync, burst, delay, check, stop. */
const PER_ROUND_BOUND_MS = 2 * 20_000 + SYNC_TIMEOUT_MS + CONFIRM_TIMEOUT_MS + CHECK_TIMEOUT_MS + 30_000

async function runRound(kind: ServerKind, crashCase: CrashCase, round: number): Promise<CrashRound> {
  const server = await startServer(kind)
  const clients: BenchClient[] = []
  try {
    const roomId = `crash-${round}`
    const writer = connectBenchClient(server, roomId)
    const observer = connectBenchClient(server, roomId)
    clients.push(writer, observer)
    await withTimeout(Promise.all([writer.synced(), observer.synced()]), SYNC_TIMEOUT_MS, 'the writer and the observer to sync')

    const throttledBefore = await throttleCount(server)
    const seen = observer.doc.getMap<number>(MAP_NAME)
    const allSeen = whenSize(seen, crashCase.burst)
    const entries = writer.doc.getMap<number>(MAP_NAME)
    const startedAt = performance.now()
    // One transaction, so one update and one message, per entry.
    for (let i = 0; i < crashCase.burst; i++) entries.set(String(i), i)
    const confirmedInTime = await withTimeout(allSeen, CONFIRM_TIMEOUT_MS, 'the observer to see the burst').then(
      () => true,
      () => false,
    )
    const confirmMs = performance.now() - startedAt
    if (crashCase.killDelayMs > 0) await sleep(crashCase.killDelayMs)
    const confirmed = [...seen.keys()]
    const writerCloseCodes = [...writer.closeCodes]
    const throttledAfter = await throttleCount(server)
    const writerThrottles = throttledBefore === null || throttledAfter === null ? null : throttledAfter - throttledBefore
    await server.kill()
    // Only after the kill: a client that leaves first could make the server store (Hocuspocus does when a document empties),
    // and one still connected at the restart would send its state again.
    for (const client of clients.splice(0)) client.destroy()

    await server.restart()
    const check = connectBenchClient(server, roomId)
    clients.push(check)
    await withTimeout(check.synced(), SYNC_TIMEOUT_MS, 'a fresh client to sync after the restart')
    const restored = check.doc.getMap<number>(MAP_NAME)
    await waitForStableCount(restored, confirmed.length)
    const kept = confirmed.filter((key) => restored.has(key)).length
    return { round, confirmed: confirmed.length, kept, confirmMs: confirmedInTime ? confirmMs : Number.NaN, writerCloseCodes, writerThrottles }
  } finally {
    for (const client of clients) client.destroy()
    await server.dispose()
  }
}

/** Resolves in the very turn `map` reaches `size` entries, so a kill at delay 0 follows at once. */
function whenSize(map: Y.Map<number>, size: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (map.size < size) return
      map.unobserve(check)
      resolve()
    }
    map.observe(check)
    check()
  })
}

/**
 * Waits until `map` has `expected` entries or stopped changing for
 * CHECK_STABLE_MS (at most CHECK_TIMEOUT_MS): the reference server answers a
 * joining client before its store has loaded the document, so the content may
 * arrive after the first sync.
 */
async function waitForStableCount(map: Y.Map<number>, expected: number): Promise<void> {
  const deadline = performance.now() + CHECK_TIMEOUT_MS
  let size = map.size
  let changedAt = performance.now()
  while (size < expected && performance.now() < deadline && performance.now() - changedAt < CHECK_STABLE_MS) {
    await sleep(50)
    if (map.size !== size) {
      size = map.size
      changedAt = performance.now()
    }
  }
}

async function main(): Promise<void> {
  const rounds = readNumberEnv('CRASH_ROUNDS', { fallback: 5, min: 1, max: 100, unit: 'rounds', integer: true })
  const machine = describeMachine()
  const cases: CrashCase[] = BURSTS.flatMap((burst) => KILL_DELAYS_MS.map((killDelayMs) => ({ burst, killDelayMs })))
  const liftTimeBound = boundRunTime('Crash benchmark', SERVERS.length * cases.length * rounds * PER_ROUND_BOUND_MS)
  const results: CrashCaseResult[] = []
  for (const kind of SERVERS) {
    for (const crashCase of cases) {
      const result: CrashCaseResult = { kind, crashCase, rounds: [] }
      process.stdout.write(`${SERVER_LABELS[kind]}, burst of ${crashCase.burst}, kill ${crashCase.killDelayMs} ms after it was seen: kept`)
      for (let round = 1; round <= rounds; round++) {
        const outcome = await runRound(kind, crashCase, round)
        result.rounds.push(outcome)
        process.stdout.write(` ${outcome.kept}/${outcome.confirmed}`)
      }
      process.stdout.write('\n')
      results.push(result)
    }
  }
  liftTimeBound()
  const command = commandLine('bench:crash', 'bench/crash.ts', ['CRASH_ROUNDS'])
  await writeResultsSection('crash', renderCrashSection({ command, machine, rounds, results }))
}

runBenchmark(main)
