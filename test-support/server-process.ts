/**
 * A server under test as a real child process (Seed, the reference
 * y-websocket server, Hocuspocus, and the PostgreSQL and Redis servers of
 * test-support/postgres-server.ts and redis-server.ts): a free port of 127.0.0.1, a temp data dir,
 * ready once its output shows its ready line, and control over how it ends
 * (graceful stop, crash, hang) and comes back (restart on the same data dir
 * and port). Used by the integration tests, the e2e tests and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** How to launch one kind of server. */
export interface ServerSpec {
  /** For error messages and the temp dir's name. */
  name: string
  /** The executable; this Node by default. */
  command?: string
  /** Arguments to the command (to `node` by default). */
  args: string[]
  /** Arguments appended after `args` that name the port and data dir, for servers that take them on the command line rather than from env. */
  listenArgs?: (port: number, dataDir: string) => string[]
  /** The env that tells the server where to listen and store (merged over this process's env). */
  env(port: number, dataDir: string): Record<string, string>
  /** Seen on stdout or stderr once the server accepts connections. */
  readyLine: RegExp
  /** Path of the WebSocket endpoint a y-websocket provider is given ('' when rooms sit right under the root). */
  wsPath: string
  /** The signal stop() sends for a graceful stop; SIGTERM by default. */
  stopSignal?: NodeJS.Signals
  /** Run as this user (e.g. a database that refuses to run as root). */
  user?: { uid: number; gid: number }
}

export interface ServerProcessOptions {
  /** Reuse a data dir (e.g. after a crash); a fresh temp dir, removed by dispose(), otherwise. */
  dataDir?: string
}

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
const START_TIMEOUT_MS = 20_000
const PORT_ATTEMPTS = 3

export class ServerProcess {
  private constructor(
    private readonly spec: ServerSpec,
    readonly port: number,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private child: ChildProcess,
    /** Everything the process wrote to stdout and stderr, across restarts. */
    readonly output: string[],
    /** What it wrote to stdout alone (Seed's JSON log lines), across restarts. */
    readonly stdout: string[],
  ) {}

  static async start(spec: ServerSpec, options: ServerProcessOptions = {}): Promise<ServerProcess> {
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), `seed-test-${spec.name.toLowerCase().replace(/\W+/g, '-')}-`)))
    const ownsDataDir = options.dataDir === undefined
    const output: string[] = []
    const stdout: string[] = []
    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort()
      try {
        return new ServerProcess(spec, port, dataDir, ownsDataDir, await spawnReady(spec, port, dataDir, output, stdout), output, stdout)
      } catch (error) {
        // Another process may take the free port before the child listens on it: try another.
        if (attempt < PORT_ATTEMPTS && error instanceof Error && /EADDRINUSE|Address already in use/.test(error.message)) continue
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true })
        throw error
      }
    }
  }

  /** http://127.0.0.1:<port>/ */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`
  }

  /** The serverUrl a y-websocket provider takes (it appends `/<room>`). */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}${this.spec.wsPath}`
  }

  /** The current process; a new one after restart(). */
  get pid(): number {
    return this.child.pid!
  }

  /** Whether the current process is up: not ended by stop(), kill() or a crash. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null
  }

  /** The spec's stop signal (SIGTERM by default) and wait; resolves with the exit code. */
  stop(): Promise<number | null> {
    return endWith(this.child, this.spec.stopSignal ?? 'SIGTERM')
  }

  /** SIGKILL: a crash, nothing gets flushed; the data dir stays. */
  async kill(): Promise<void> {
    await endWith(this.child, 'SIGKILL')
  }

  /** SIGSTOP: a server that hangs with its sockets open (nothing closes, nothing answers). */
  freeze(): void {
    this.child.kill('SIGSTOP')
  }

  /** SIGCONT after freeze(). */
  thaw(): void {
    this.child.kill('SIGCONT')
  }

  /** Sends `signal` to the process, e.g. one a preload module listens for. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal)
  }

  /** Starts the server again on the same data dir and port, after stop() or kill(). */
  async restart(): Promise<void> {
    this.child = await spawnReady(this.spec, this.port, this.dataDir, this.output, this.stdout)
  }

  /** Kills the process if running and removes a temp data dir. */
  async dispose(): Promise<void> {
    await endWith(this.child, 'SIGKILL')
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true })
  }
}

/** Listens on port 0 and closes again: the port the kernel picked is free right after, and stays ours across restarts. */
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

/** Spawns the server and resolves once its ready line appeared in `output`; the pipes stay drained so the child never blocks on a full one. */
async function spawnReady(spec: ServerSpec, port: number, dataDir: string, output: string[], stdout: string[]): Promise<ChildProcess> {
  const child = spawn(spec.command ?? process.execPath, [...spec.args, ...(spec.listenArgs?.(port, dataDir) ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...spec.env(port, dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...spec.user,
  })
  const startedAt = output.length
  const outputSinceStart = () => output.slice(startedAt).join('')
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.name} did not start within ${START_TIMEOUT_MS} ms:\n${outputSinceStart()}`)), START_TIMEOUT_MS)
      const collect = (chunk: Buffer) => {
        output.push(chunk.toString())
        if (spec.readyLine.test(outputSinceStart())) {
          clearTimeout(timer)
          resolve()
        }
      }
      child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()))
      child.stdout!.on('data', collect)
      child.stderr!.on('data', collect)
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`${spec.name} exited (code ${code}, signal ${signal}) before it was ready:\n${outputSinceStart()}`))
      })
    })
    return child
  } catch (error) {
    await endWith(child, 'SIGKILL')
    throw error
  }
}

/** Sends `signal` and resolves with the exit code once the process is gone. */
function endWith(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill(signal)
  })
}

/**
 * A service a test starts beside Seed (PostgreSQL, Redis), wrapping its
 * ServerProcess: the controls every such service passes on as they are, for
 * the subclass to add its own (connection strings, databases) or to widen
 * (a service of several processes freezes them all).
 */
export abstract class ServiceProcess {
  protected constructor(protected readonly server: ServerProcess) {}

  get port(): number {
    return this.server.port
  }

  /** The server process (new after restart()), e.g. to signal it. */
  get pid(): number {
    return this.server.pid
  }

  /** The spec's graceful stop, and wait: connected clients are disconnected. */
  async stop(): Promise<void> {
    await this.server.stop()
  }

  /** Starts again on the same data dir and port, after stop() or a crash. */
  async restart(): Promise<void> {
    await this.server.restart()
  }

  /** SIGSTOP: the service hangs with its sockets open; nothing is answered until thaw(). */
  freeze(): void {
    this.server.freeze()
  }

  /** SIGCONT after freeze(). */
  thaw(): void {
    this.server.thaw()
  }

  /** Kills the service if running (thawed first, so the kill lands) and removes its temp data dir. */
  async dispose(): Promise<void> {
    this.server.thaw()
    await this.server.dispose()
  }
}
