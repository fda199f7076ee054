/**
 * Runs Seed as a real child process for tests: random free port, a temp data
 * dir, and control over how it ends (graceful stop, SIGKILL, restart on the
 * same data). Used by the integration tests, the e2e tests and the benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const URL_LINE = /Seed is running at (http:\/\/\S+)/
const START_TIMEOUT_MS = 20_000

export interface SeedProcessOptions {
  /** Reuse a data dir (e.g. after a crash); a fresh temp dir otherwise. */
  dataDir?: string
  /** Extra env vars, e.g. limits. */
  env?: Record<string, string>
  /** Keep this port across restarts (0 picks a free one). */
  port?: number
}

export class SeedProcess {
  private constructor(
    private child: ChildProcess,
    public url: string,
    readonly dataDir: string,
    private readonly ownsDataDir: boolean,
    private readonly options: SeedProcessOptions,
    readonly output: string[],
  ) {}

  static async start(options: SeedProcessOptions = {}): Promise<SeedProcess> {
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'seed-test-')))
    const output: string[] = []
    const { child, url } = await spawnSeed(dataDir, options, output)
    return new SeedProcess(child, url, dataDir, options.dataDir === undefined, options, output)
  }

  get port(): number {
    return Number(new URL(this.url).port)
  }

  /** ws://host:port/ws — the serverUrl a y-websocket provider takes. */
  get wsUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}ws`
  }

  get pid(): number {
    return this.child.pid!
  }

  /** SIGTERM and wait; resolves with the exit code. */
  async stop(): Promise<number | null> {
    return this.endWith('SIGTERM')
  }

  /** SIGKILL: a crash, nothing gets flushed. */
  async kill(): Promise<void> {
    await this.endWith('SIGKILL')
  }

  /** SIGSTOP: a server that hangs with its sockets open (nothing closes, nothing answers). */
  freeze(): void {
    this.child.kill('SIGSTOP')
  }

  /** SIGCONT after freeze(). */
  thaw(): void {
    this.child.kill('SIGCONT')
  }

  /** Starts again on the same data dir and the same port. */
  async restart(): Promise<void> {
    const { child, url } = await spawnSeed(this.dataDir, { ...this.options, port: this.port }, this.output)
    this.child = child
    this.url = url
  }

  /** Stops the process if running and removes a temp data dir. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.thaw()
      await this.endWith('SIGKILL')
    }
    if (this.ownsDataDir) await rm(this.dataDir, { recursive: true, force: true })
  }

  private endWith(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code))
      child.kill(signal)
    })
  }
}

function spawnSeed(dataDir: string, options: SeedProcessOptions, output: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.SEED_TEST_LOG_LEVEL ?? 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Seed did not start within ${START_TIMEOUT_MS} ms:\n${output.join('')}`))
    }, START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      const text = chunk.toString()
      output.push(text)
      const match = URL_LINE.exec(text)
      if (match) {
        clearTimeout(timer)
        resolve({ child, url: match[1]! })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Seed exited (code ${code}, signal ${signal}) before it was ready:\n${output.join('')}`))
    })
  })
}
