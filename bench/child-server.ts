/**
 * A benchmark server that is a plain Node child process (the reference
 * y-websocket server, the Hocuspocus launcher): started on a free port of
 * 127.0.0.1 with a temp data dir, ready once its output shows its ready line.
 * kill() is a crash (SIGKILL) that keeps the data dir, so restart() can bring
 * the server back on the same data and the same port, as SeedProcess does for
 * Seed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ChildServerSpec {
  /** For error messages and the temp dir's name. */
  name: string
  /** Arguments to `node`. */
  args: string[]
  /** The env that tells the server where to listen and store. */
  env(port: number, dataDir: string): Record<string, string>
  /** Seen on stdout once the server accepts connections. */
  readyLine: RegExp
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 5_000

export class ChildServer {
  private constructor(
    private readonly spec: ChildServerSpec,
    readonly port: number,
    readonly dataDir: string,
    private child: ChildProcess,
  ) {}

  static async start(spec: ChildServerSpec): Promise<ChildServer> {
    const port = await findFreePort()
    const dataDir = await mkdtemp(path.join(tmpdir(), `seed-bench-${spec.name.toLowerCase().replace(/\W+/g, '-')}-`))
    try {
      return new ChildServer(spec, port, dataDir, await spawnReady(spec, port, dataDir))
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true })
      throw error
    }
  }

  get pid(): number {
    return this.child.pid!
  }

  /** SIGKILL: a crash, nothing gets flushed; the data dir stays. */
  async kill(): Promise<void> {
    await killAndWait(this.child)
  }

  /** Starts the server again on the same data dir and port, after kill(). */
  async restart(): Promise<void> {
    this.child = await spawnReady(this.spec, this.port, this.dataDir)
  }

  /** Kills the process if running and removes the data dir. */
  async dispose(): Promise<void> {
    await killAndWait(this.child)
    await rm(this.dataDir, { recursive: true, force: true })
  }
}

async function spawnReady(spec: ChildServerSpec, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, spec.args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...spec.env(port, dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    await waitForLine(child, spec)
    return child
  } catch (error) {
    await killAndWait(child)
    throw error
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

/** Resolves on the ready line; the pipes stay drained afterwards so the child never blocks on a full one. */
function waitForLine(child: ChildProcess, spec: ChildServerSpec): Promise<void> {
  const output: string[] = []
  let ready = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${spec.name} did not start within ${START_TIMEOUT_MS} ms:\n${output.join('')}`)), START_TIMEOUT_MS)
    const collect = (chunk: Buffer) => {
      if (ready) return
      output.push(chunk.toString())
      if (spec.readyLine.test(output.join(''))) {
        ready = true
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${spec.name} exited (code ${code}, signal ${signal}) before it was ready:\n${output.join('')}`))
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
