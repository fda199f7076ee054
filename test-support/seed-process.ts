/**
 * How tests, e2e and benchmarks launch Seed as a child process: the one place
 * that knows Seed's command line, env and ready line. Tests and e2e run the
 * sources through tsx; benchmarks run the compiled server as `npm start` does
 * (plain node on dist/server/main.js, after buildSeed()).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ServerProcess, type ServerSpec } from './server-process.ts'

export type SeedRuntime = 'source' | 'compiled'

/** Node arguments that run Seed's entry point, per runtime; change here when the way Seed is launched changes. */
const SEED_ENTRY: Record<SeedRuntime, string[]> = {
  source: ['--import', 'tsx', 'server/main.ts'],
  compiled: ['dist/server/main.js'],
}

export interface SeedOptions {
  /** Reuse a data dir (e.g. after a crash); a fresh temp dir otherwise. */
  dataDir?: string
  /** Extra env vars, e.g. limits. */
  env?: Record<string, string>
  /** Node options placed before Seed's entry point, e.g. `--expose-gc`. */
  nodeArgs?: string[]
  /** 'source' (default): server/main.ts through tsx; 'compiled': dist/server/main.js with plain node (call buildSeed() first). */
  runtime?: SeedRuntime
}

export function seedSpec({ env = {}, nodeArgs = [], runtime = 'source' }: Omit<SeedOptions, 'dataDir'> = {}): ServerSpec {
  return {
    name: 'Seed',
    args: [...nodeArgs, ...SEED_ENTRY[runtime]],
    env: (port, dataDir) => ({
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.SEED_TEST_LOG_LEVEL ?? 'warn',
      ...env,
    }),
    readyLine: /Seed is running at http:\/\//,
    wsPath: '/ws',
  }
}

/** How a Seed that was not meant to start ended: its exit code, what it wrote where, and how long it took. */
export interface FailedStart {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/**
 * Runs Seed (from source) on `dataDir` until it exits by itself, for start-up errors; killed after `timeoutMs`
 * (its code is then null). `user` runs it as another user, e.g. one that may not write the data dir.
 */
export function runSeedToExit(options: { dataDir: string; env?: Record<string, string>; user?: { uid: number; gid: number }; timeoutMs?: number }): Promise<FailedStart> {
  const spec = seedSpec({ env: options.env })
  const startedAt = performance.now()
  const child = spawn(process.execPath, spec.args, {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, ...spec.env(0, options.dataDir) },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.user,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: performance.now() - startedAt })
    })
  })
}

export async function startSeed({ dataDir, ...launch }: SeedOptions = {}): Promise<ServerProcess> {
  if (launch.runtime === 'compiled') await buildSeed()
  return ServerProcess.start(seedSpec(launch), { dataDir })
}

let build: Promise<void> | undefined

/** Runs the build step (server/build.mjs: rebuilds what is stale, as `npm start` does) once per process, for the compiled runtime. */
export function buildSeed(): Promise<void> {
  build ??= new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['server/build.mjs'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the build step (node server/build.mjs) failed with exit code ${code}`))))
  })
  return build
}
