/**
 * The production runtime (`npm start`): the build step compiles what is stale
 * and the serving process is plain `node` on compiled JavaScript, with no
 * TypeScript loader and no Vite in it. Builds into a temp out dir under dist/
 * (so the compiled server still resolves node_modules) and runs
 * server/start.mjs, exactly what `npm start` runs, against it; and `npm start`
 * itself, as a supervisor or a container runtime signals it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchMetrics } from '../../bench/seed-metrics.ts'
import { openRawSocket } from '../../test-support/raw-socket.ts'

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Builds take ~3 s on a quiet machine; a loaded one (a full parallel test run) is given far more. */
const BUILD_TIMEOUT_MS = 120_000
/** A graceful stop of an idle server, on a loaded machine: far more than it takes. */
const STOP_TIMEOUT_MS = 20_000

/**
 * Preloaded into the serving process only to observe it: records the URL of
 * every module it resolves (ESM resolution hooks, which is how tsx and Vite
 * would come in: as --import or through `import('vite')`).
 */
const RESOLVE_RECORDER = `data:text/javascript,${encodeURIComponent(`
import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(\`
import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(process.env.SEED_RESOLVED_LOG, result.url + '\\\\n')
  return result
}\`))
`)}`

interface Run {
  code: number | null
  output: string
}

let outDir: string
let scratch: string

beforeAll(async () => {
  await mkdir(path.join(PROJECT_ROOT, 'dist'), { recursive: true })
  outDir = await mkdtemp(path.join(PROJECT_ROOT, 'dist', '.test-build-'))
  scratch = await mkdtemp(path.join(tmpdir(), 'seed-runtime-'))
})

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true })
  await rm(scratch, { recursive: true, force: true })
})

describe('production runtime', () => {
  it('npm start builds what is missing, then serves with plain node: no TypeScript loader, no Vite; stdout holds JSON lines only', { timeout: BUILD_TIMEOUT_MS * 2 }, async () => {
    const resolvedLog = path.join(scratch, 'resolved.txt')
    await writeFile(resolvedLog, '')
    const server = startServing(process.execPath, ['--import', RESOLVE_RECORDER, 'server/start.mjs', '--out-dir', outDir], {
      SEED_RESOLVED_LOG: resolvedLog,
      DATA_DIR: path.join(scratch, 'data'),
      LOG_LEVEL: 'info',
    })
    try {
      const url = await server.url
      expect(server.output()).toMatch(/build: client \(no previous build\)/)
      expect(server.output()).toMatch(/build: server \(no previous build\)/)

      const health = await fetch(new URL('healthz', url))
      expect(health.status).toBe(200)
      // The build recorded the commit it built from, and the compiled server reports it with the package's version.
      const buildInfo = (await fetchMetrics(url)).filter((sample) => sample.name === 'seed_build_info')
      expect(buildInfo.map((sample) => sample.labels)).toEqual([{ version: packageVersion(), commit: execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim() }])
      // The compiled server finds the client built beside it (paths from import.meta.url moved with compilation).
      const page = await fetch(new URL('r/some-room', url))
      expect(page.status).toBe(200)
      expect(await page.text()).toMatch(/<script type="module"[^>]+\/assets\//)

      const resolved = (await readFile(resolvedLog, 'utf8')).split('\n').filter(Boolean)
      expect(resolved).toContain(pathToFileURL(path.join(outDir, 'server/main.js')).href)
      expect(resolved.filter((url) => url.startsWith('file:') && url.endsWith('.ts'))).toEqual([])
      expect(resolved.filter((url) => /\/node_modules\/(tsx|vite|typescript|esbuild|rolldown|@vitejs)\//.test(url))).toEqual([])
    } finally {
      expect((await server.stop('SIGTERM')).code).toBe(0)
    }
    // The build's lines and the URL are for people, on stderr: a log collector reading stdout gets JSON only.
    expect(server.stdout().split('\n').filter((line) => line !== '' && !isJson(line))).toEqual([])
  })

  // What a supervisor or a container runtime does: signal the process it started, which is npm.
  it.each(['SIGTERM', 'SIGINT'] as const)('npm start passes %s on to the server: a graceful stop (1012 to clients), npm exits 0, the port is free', { timeout: BUILD_TIMEOUT_MS * 2 }, async (signal) => {
    expect((await build()).code).toBe(0)
    const npm = startServing('npm', ['start', '--', '--out-dir', outDir], { DATA_DIR: path.join(scratch, `data-${signal}`) })
    try {
      const url = new URL(await npm.url)
      const wsUrl = `ws://${url.host}/ws`
      const client = await openRawSocket(wsUrl, 'signalled')
      await client.firstMessage

      expect(await npm.stop(signal)).toEqual({ code: 0, signal: null })
      expect((await client.closed).code).toBe(1012)
      expect(await portIsFree(Number(url.port))).toBe(true)
    } finally {
      npm.killGroup()
    }
  })

  // The next three share the build above (or make it, when run alone): one build each at most, each test well under 30 s on a loaded machine.
  it('skips what is up to date: right after a build nothing is rebuilt', { timeout: BUILD_TIMEOUT_MS * 2 }, async () => {
    expect((await build()).code).toBe(0)
    // In a working tree that others edit meanwhile a source may really change between two builds:
    // a detector that always rebuilt would still fail three times.
    let again = await build()
    for (let attempt = 1; attempt < 3 && !/build: client and server up to date/.test(again.output); attempt++) again = await build()
    expect(again.code).toBe(0)
    expect(again.output).toMatch(/build: client and server up to date/)
    expect(again.output).not.toMatch(/→/)
  })

  it('rebuilds exactly the server when one of its inputs changed: the files tsc read, shared/ included, tests not', { timeout: BUILD_TIMEOUT_MS * 2 }, async () => {
    expect((await build()).code).toBe(0)
    const manifestFile = path.join(outDir, '.build', 'server.json')
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { inputs: Record<string, [number, number]> }
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['server/main.ts', 'shared/protocol.ts', 'server/tsconfig.build.json']))
    expect(Object.keys(manifest.inputs).filter((file) => file.includes('.test.') || file.startsWith('test-support'))).toEqual([])

    // A source whose size or modification time differs from what was built (here: the record of it) is stale.
    manifest.inputs['server/main.ts']![1] -= 1000
    await writeFile(manifestFile, JSON.stringify(manifest))
    const afterEdit = await build()
    expect(afterEdit.code).toBe(0)
    expect(afterEdit.output).toMatch(/build: server \(server\/main\.ts changed\)/)
    expect(afterEdit.output).toMatch(/build: client up to date/)
  })

  it('rebuilds exactly the client when its output is gone', { timeout: BUILD_TIMEOUT_MS * 2 }, async () => {
    expect((await build()).code).toBe(0)
    await rm(path.join(outDir, 'client', 'index.html'))
    const afterLoss = await build()
    expect(afterLoss.code).toBe(0)
    expect(afterLoss.output).toMatch(/build: client \(client\/index\.html is missing\)/)
    expect(afterLoss.output).toMatch(/build: server up to date/)
  })
})

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line)
    return true
  } catch {
    return false
  }
}

function build(): Promise<Run> {
  const child = spawn(process.execPath, ['server/build.mjs', '--out-dir', outDir], { cwd: PROJECT_ROOT, env: plainEnv({}), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })))
}

/** This process's env without anything that would put a loader into the child (NODE_OPTIONS), plus `extra`. */
function plainEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  delete env.NODE_OPTIONS
  return env
}

/** Whether 127.0.0.1:`port` can be listened on (nobody holds it). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** Runs `command` in a process group of its own, so killGroup() also ends what it left behind (a server orphaned by its parent). */
function startServing(command: string, args: string[], env: Record<string, string>) {
  const child: ChildProcess = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: plainEnv({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  let stdout = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${BUILD_TIMEOUT_MS} ms:\n${output}`)), BUILD_TIMEOUT_MS)
    const collect = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Seed is running at (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', collect)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited (${code}) before printing its URL:\n${output}`))
    })
  })
  url.catch(() => {})
  return {
    url,
    output: () => output,
    stdout: () => stdout,
    /** Sends `signal` to the process (not its group) and resolves with how it ended; rejects when it is still running after STOP_TIMEOUT_MS. */
    stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} still runs ${STOP_TIMEOUT_MS} ms after ${signal}:\n${output}`)), STOP_TIMEOUT_MS)
        child.once('exit', (code, exitSignal) => {
          clearTimeout(timer)
          resolve({ code, signal: exitSignal })
        })
        child.kill(signal)
      })
    },
    killGroup(): void {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // The group is already gone.
      }
    },
  }
}
