/**
 * The servers under test, each as its own child process on 127.0.0.1 with a
 * free port and a temp data dir (test-support/server-process.ts): Seed
 * (compiled, plain node, as `npm start` runs it; built first if stale), the reference
 * y-websocket@1.5.4 server (bin/server.js, unmodified, YPERSISTENCE so that
 * it stores to LevelDB as Seed does) and Hocuspocus (bench/hocuspocus-server.ts,
 * LevelDB through its database extension). Hocuspocus frames every message
 * with the document name, so stock providers cannot talk to it: connect
 * through bench/bench-client.ts.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildSeed, seedSpec } from '../test-support/seed-process.ts'
import { ServerProcess, type ServerSpec } from '../test-support/server-process.ts'

export type ServerKind = 'seed' | 'reference' | 'hocuspocus'

const HOCUSPOCUS_VERSION = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../node_modules/@hocuspocus/server/package.json', import.meta.url)), 'utf8')) as { version: string }
).version

export const SERVER_LABELS: Record<ServerKind, string> = {
  seed: 'Seed',
  reference: 'y-websocket 1.5.4 reference',
  hocuspocus: `Hocuspocus ${HOCUSPOCUS_VERSION}`,
}

/** How the reports name the Seed process under test. */
export const SEED_PROCESS = '`test-support/seed-process.ts`: compiled JavaScript on plain node, as `npm start` runs it'

export interface BenchServer {
  kind: ServerKind
  /** The serverUrl a WebsocketProvider takes (it appends `/<room>`); the url of a HocuspocusProvider. */
  providerUrl: string
  /** http://127.0.0.1:<port>/ (Seed serves `metrics` under it). */
  httpUrl: string
  /** The server's own node process, for /proc sampling; a new one after restart(). */
  readonly pid: number
  /** SIGKILL: a crash, nothing gets flushed; the data dir stays. */
  kill(): Promise<void>
  /** Starts the server again on the same data dir and port, after kill(). */
  restart(): Promise<void>
  /** Kills the process and removes its data dir. */
  dispose(): Promise<void>
}

export const REFERENCE: ServerSpec = {
  name: 'Reference server',
  args: [fileURLToPath(new URL('../node_modules/y-websocket-reference/bin/server.js', import.meta.url))],
  env: (port, dataDir) => ({ HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: dataDir }),
  readyLine: /running at/,
  wsPath: '',
}

export const HOCUSPOCUS: ServerSpec = {
  name: 'Hocuspocus',
  args: ['--import', 'tsx', fileURLToPath(new URL('hocuspocus-server.ts', import.meta.url))],
  env: (port, dataDir) => ({ HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir }),
  readyLine: /Hocuspocus ready at/,
  wsPath: '',
}

/** Pids still running, so a watchdog can kill them if the bench hangs. */
const runningPids = new Set<number>()

export interface StartOptions {
  /** Extra env for Seed (e.g. ROOM_UNLOAD_GRACE_MS); the other servers take none. */
  seedEnv?: Record<string, string>
}

/**
 * SEED_CPU_PROFILE_DIR: where the time goes. Seed runs with `--cpu-prof`
 * into that directory and is stopped gracefully before it is disposed, so
 * that node writes the profile (open it in Chrome DevTools).
 */
const SEED_CPU_PROFILE_DIR = process.env.SEED_CPU_PROFILE_DIR

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  if (kind === 'seed') await buildSeed()
  const nodeArgs = SEED_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${SEED_CPU_PROFILE_DIR}`] : []
  const specs: Record<ServerKind, ServerSpec> = { seed: seedSpec({ env: options.seedEnv, runtime: 'compiled', nodeArgs }), reference: REFERENCE, hocuspocus: HOCUSPOCUS }
  return tracked(kind, await ServerProcess.start(specs[kind]))
}

/** Last resort for the watchdog: SIGKILL every server this process started. */
export function killRunningServers(): void {
  for (const pid of runningPids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  runningPids.clear()
}

/** A BenchServer whose current pid is always in runningPids while it runs. */
function tracked(kind: ServerKind, server: ServerProcess): BenchServer {
  runningPids.add(server.pid)
  const untrackAfter = async (end: () => Promise<void>) => {
    const pid = server.pid
    await end()
    runningPids.delete(pid)
  }
  return {
    kind,
    providerUrl: server.wsUrl,
    httpUrl: server.url,
    get pid() {
      return server.pid
    },
    kill: () => untrackAfter(() => server.kill()),
    restart: async () => {
      await server.restart()
      runningPids.add(server.pid)
    },
    dispose: () =>
      untrackAfter(async () => {
        if (kind === 'seed' && SEED_CPU_PROFILE_DIR) await server.stop()
        await server.dispose()
      }),
  }
}
