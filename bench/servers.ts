/**
 * The two servers under test, each as its own child process on 127.0.0.1 with
 * a free port and a temp data dir: Seed (through SeedProcess) and the
 * reference y-websocket@1.5.4 server (bin/server.js, unmodified, YPERSISTENCE
 * so that it stores to LevelDB as Seed does).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SeedProcess } from '../server/testing/seed-process.ts'

export type ServerKind = 'seed' | 'reference'

export const SERVER_LABELS: Record<ServerKind, string> = {
  seed: 'Seed',
  reference: 'y-websocket 1.5.4 reference',
}

export interface BenchServer {
  kind: ServerKind
  /** The serverUrl a WebsocketProvider takes; it appends `/<room>`. */
  providerUrl: string
  /** http://127.0.0.1:<port>/ (Seed serves `metrics` under it). */
  httpUrl: string
  /** The server's own node process, for /proc sampling. */
  pid: number
  /** Kills the process and removes its data dir. */
  dispose(): Promise<void>
}

const REFERENCE_SERVER = fileURLToPath(new URL('../node_modules/y-websocket-reference/bin/server.js', import.meta.url))
const REFERENCE_READY_LINE = /running at/
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 5_000

/** Pids still running, so a watchdog can kill them if the bench hangs. */
const runningPids = new Set<number>()

export interface StartOptions {
  /** Extra env for Seed (e.g. ROOM_UNLOAD_GRACE_MS); the reference server takes none. */
  seedEnv?: Record<string, string>
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<BenchServer> {
  return kind === 'seed' ? startSeed(options.seedEnv) : startReference()
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

async function startSeed(env: Record<string, string> = {}): Promise<BenchServer> {
  const seed = await SeedProcess.start({ env })
  const pid = seed.pid
  runningPids.add(pid)
  return {
    kind: 'seed',
    providerUrl: seed.wsUrl,
    httpUrl: seed.url,
    pid,
    dispose: async () => {
      await seed.dispose()
      runningPids.delete(pid)
    },
  }
}

async function startReference(): Promise<BenchServer> {
  const port = await findFreePort()
  const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-bench-reference-'))
  const child = spawn(process.execPath, [REFERENCE_SERVER], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    await waitForLine(child, REFERENCE_READY_LINE)
  } catch (error) {
    await killAndWait(child)
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  const pid = child.pid!
  runningPids.add(pid)
  return {
    kind: 'reference',
    providerUrl: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}/`,
    pid,
    dispose: async () => {
      await killAndWait(child)
      runningPids.delete(pid)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Listens on port 0 and closes again: the port the kernel picked is free right after. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function waitForLine(child: ChildProcess, line: RegExp): Promise<void> {
  const output: string[] = []
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Reference server did not start within ${START_TIMEOUT_MS} ms:\n${output.join('')}`)), START_TIMEOUT_MS)
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString())
      if (line.test(output.join(''))) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Reference server exited (code ${code}, signal ${signal}) before it was ready:\n${output.join('')}`))
    })
  })
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGKILL')
  })
}
