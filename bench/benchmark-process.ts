/**
 * How every benchmark's process runs: bounded in time, and never leaving a
 * server it started behind, whether the run hangs or fails.
 */
import { killRunningServers, SERVER_LABELS, type ServerKind } from './servers.ts'

/**
 * Bounds a run: if it is still going after `boundMs`, says that `name`
 * exceeded its time bound, runs `giveUp` (by default SIGKILL every server this
 * process started) and exits 1. The bound never keeps the process alive.
 * Returns the function that lifts the bound once the measuring is done.
 */
export function boundRunTime(name: string, boundMs: number, giveUp: () => void = killRunningServers): () => void {
  const watchdog = setTimeout(() => {
    console.error(`${name} exceeded its time bound; killing the servers and giving up.`)
    giveUp()
    process.exit(1)
  }, boundMs)
  watchdog.unref()
  return () => clearTimeout(watchdog)
}

/**
 * Runs a benchmark's `main`. If it fails: prints the error's stack, runs
 * `cleanUp` (by default SIGKILL every server this process started) and sets
 * exit code 1.
 */
export function runBenchmark(main: () => Promise<void>, cleanUp: () => void = killRunningServers): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    cleanUp()
    process.exitCode = 1
  })
}

/**
 * Measures each of `servers` in turn, its label on a line first, the whole
 * bounded by `perServerBoundMs` per server (see boundRunTime). Returns the
 * results in the order of `servers`.
 */
export async function measureEachServer<T>(servers: readonly ServerKind[], perServerBoundMs: number, measure: (kind: ServerKind) => Promise<T>): Promise<T[]> {
  const liftTimeBound = boundRunTime('Benchmark', servers.length * perServerBoundMs)
  const results: T[] = []
  for (const kind of servers) {
    process.stdout.write(`${SERVER_LABELS[kind]}\n`)
    results.push(await measure(kind))
  }
  liftTimeBound()
  return results
}
