#!/usr/bin/env node
/**
 * The build step: turns the sources into what production runs, and only what
 * is stale.
 *
 * - client: client/ bundled by Vite into <out>/client (served at / and /r/<room>);
 * - server: server/main.ts and everything it imports (shared/ included)
 *   compiled by tsc (server/tsconfig.build.json: `.ts` import specifiers are
 *   rewritten to `.js`) into <out>/server and <out>/shared, run with
 *   `node <out>/server/main.js`: no TypeScript loader, no Vite.
 *
 * Each part records what it was built from in <out>/.build/<part>.json: every
 * input file with its size and modification time. A part is rebuilt when any
 * of them differs, appears or disappears, when an output is missing, or with
 * --force; otherwise it is skipped after a few stat calls. The server's inputs
 * are exactly the files tsc read (as reported by --listFiles), so editing a
 * test does not rebuild it; the client's are the whole of client/ and shared/
 * and the build configuration.
 *
 * Every run also records the commit being built in <out>/build-info.json
 * (SEED_COMMIT, else `git rev-parse HEAD`, else null): the server reports it
 * as seed_build_info (server/observability/build-info.ts).
 *
 * Vite and tsc run as child processes, so whoever calls buildStale()
 * (server/start.mjs, `npm start`) never loads either.
 *
 * CLI: node server/build.mjs [client] [server] [--force] [--out-dir DIR]
 * (no part named: both; DIR defaults to dist/, relative paths are from the
 * project root). Written as plain JavaScript because it runs before anything
 * is compiled.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
export const DEFAULT_OUT_DIR = path.join(PROJECT_ROOT, 'dist')
const SERVER_TSCONFIG = path.join(PROJECT_ROOT, 'server/tsconfig.build.json')
const VITE_CONFIG = path.join(PROJECT_ROOT, 'vite.config.ts')
/** Read by Vite as well as the client's own sources. */
const CLIENT_INPUTS = ['client', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']
/** Build configuration of the server, beside the sources tsc lists. */
const SERVER_CONFIG_INPUTS = ['tsconfig.json', 'server/tsconfig.build.json']
const MANIFEST_VERSION = 1

/**
 * @typedef {'client' | 'server'} Part
 * @typedef {{ version: number, inputs: Record<string, [number, number]>, outputs: string[] }} Manifest
 * @typedef {{ outDir?: string, parts?: Part[], force?: boolean, log?: (line: string) => void }} BuildOptions
 * @typedef {{ part: Part, built: boolean, reason: string, ms: number }} PartResult
 */

/**
 * Builds each stale part and says so on `log`, one line per part.
 * @param {BuildOptions} [options]
 * @returns {Promise<PartResult[]>}
 */
export async function buildStale(options = {}) {
  const outDir = path.resolve(PROJECT_ROOT, options.outDir ?? DEFAULT_OUT_DIR)
  // stderr: `npm start` runs the server in this process, and its stdout is JSON log lines only.
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`))
  const results = []
  for (const part of options.parts ?? ['client', 'server']) {
    const started = performance.now()
    const staleBecause = options.force ? 'forced' : await whyStale(part, outDir)
    if (staleBecause === null) {
      results.push({ part, built: false, reason: 'up to date', ms: performance.now() - started })
      continue
    }
    const target = path.relative(PROJECT_ROOT, path.join(outDir, part)) || '.'
    log(`build: ${part} (${staleBecause}) → ${target}/ …`)
    const manifest = part === 'client' ? await buildClient(outDir) : await buildServer(outDir)
    await writeManifest(outDir, part, manifest)
    const ms = performance.now() - started
    log(`build: ${part} built in ${(ms / 1000).toFixed(1)} s`)
    results.push({ part, built: true, reason: staleBecause, ms })
  }
  const fresh = results.filter((result) => !result.built).map((result) => result.part)
  if (fresh.length > 0) log(`build: ${fresh.join(' and ')} up to date`)
  await recordBuildInfo(outDir)
  return results
}

/**
 * Writes <out>/build-info.json when the commit differs from the one recorded:
 * a new commit need not change any source, so this is checked on every run.
 * @param {string} outDir
 */
async function recordBuildInfo(outDir) {
  const file = path.join(outDir, 'build-info.json')
  const content = `${JSON.stringify({ commit: process.env.SEED_COMMIT?.trim() || (await gitCommit()) })}\n`
  if ((await readFile(file, 'utf8').catch(() => null)) === content) return
  await mkdir(outDir, { recursive: true })
  await writeFile(file, content)
}

/** The checked-out commit; null outside a git checkout (e.g. an image built without .git) or without git. @returns {Promise<string | null>} */
function gitCommit() {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT }, (error, stdout) => resolve(error ? null : stdout.trim() || null))
  })
}

/**
 * Why `part` must be rebuilt, or null when its build matches its sources.
 * @param {Part} part
 * @param {string} outDir
 * @returns {Promise<string | null>}
 */
export async function whyStale(part, outDir) {
  const manifest = await readManifest(outDir, part)
  if (!manifest) return 'no previous build'
  for (const output of manifest.outputs) {
    if (!(await exists(path.join(outDir, output)))) return `${output} is missing`
  }
  const recorded = manifest.inputs
  const current = part === 'client' ? await fileStamps(CLIENT_INPUTS) : await fileStamps(Object.keys(recorded))
  for (const [file, stamp] of Object.entries(current)) {
    const before = recorded[file]
    if (!before) return `${file} is new`
    if (before[0] !== stamp[0] || before[1] !== stamp[1]) return `${file} changed`
  }
  for (const file of Object.keys(recorded)) {
    if (!(file in current)) return `${file} is gone`
  }
  return null
}

/** @param {string} outDir @returns {Promise<Manifest>} */
async function buildClient(outDir) {
  const clientOut = path.join(outDir, 'client')
  // Vite in a child process: whoever builds (npm start's serving process) never loads it.
  const script = [
    "const { build } = await import('vite')",
    'await build({ configFile: process.env.SEED_VITE_CONFIG, logLevel: "warn", build: { outDir: process.env.SEED_CLIENT_OUT, emptyOutDir: true } })',
  ].join('\n')
  const inputsBefore = await fileStamps(CLIENT_INPUTS)
  await run(process.execPath, ['--input-type=module', '--eval', script], {
    env: { ...process.env, SEED_VITE_CONFIG: VITE_CONFIG, SEED_CLIENT_OUT: clientOut },
    what: 'Vite (client build)',
  })
  return { version: MANIFEST_VERSION, inputs: inputsBefore, outputs: ['client/index.html'] }
}

/** @param {string} outDir @returns {Promise<Manifest>} */
async function buildServer(outDir) {
  const previous = await readManifest(outDir, 'server')
  // Stamped before compiling, so that an edit made during the build makes the next start rebuild.
  const before = await fileStamps(['server', 'shared', ...SERVER_CONFIG_INPUTS])
  // Outputs of deleted sources must not linger: start from empty output dirs.
  const topLevel = new Set(['server', 'shared', ...(previous?.outputs ?? []).map((file) => file.split('/')[0])])
  for (const dir of topLevel) {
    if (dir && dir !== 'client' && dir !== '.build') await rm(path.join(outDir, dir), { recursive: true, force: true })
  }
  let tsc
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  } catch {
    throw new Error('build: TypeScript is not installed; run `npm install` (the build needs the dev dependencies)')
  }
  const output = await run(
    process.execPath,
    [tsc, '--project', SERVER_TSCONFIG, '--outDir', outDir, '--noEmitOnError', '--pretty', 'false', '--listFiles', '--listEmittedFiles'],
    { capture: true, what: 'tsc (server build)' },
  )
  const read = []
  const emitted = []
  for (const line of output.split('\n')) {
    if (line.startsWith('TSFILE: ')) emitted.push(path.relative(outDir, line.slice('TSFILE: '.length).trim()))
    else if (path.isAbsolute(line.trim())) read.push(path.relative(PROJECT_ROOT, line.trim()))
  }
  const sources = read.filter((file) => !file.startsWith('..') && !file.split(path.sep).includes('node_modules'))
  if (!emitted.includes(path.join('server', 'main.js'))) throw new Error(`build: tsc did not emit server/main.js:\n${output}`)
  /** @type {Record<string, [number, number]>} */
  const inputs = {}
  const late = []
  for (const file of [...SERVER_CONFIG_INPUTS, ...sources]) {
    if (before[file]) inputs[file] = before[file]
    else late.push(file)
  }
  Object.assign(inputs, await fileStamps(late))
  return {
    version: MANIFEST_VERSION,
    inputs,
    outputs: emitted.filter((file) => file.endsWith('.js')),
  }
}

/**
 * Size and modification time of every file under `entries` (files or directories, relative to the project root).
 * @param {string[]} entries
 * @returns {Promise<Record<string, [number, number]>>}
 */
async function fileStamps(entries) {
  /** @type {Record<string, [number, number]>} */
  const stamps = {}
  const visit = async (relative) => {
    const info = await stat(path.join(PROJECT_ROOT, relative)).catch((error) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (!info) return
    if (info.isDirectory()) {
      const children = await readdir(path.join(PROJECT_ROOT, relative))
      await Promise.all(children.map((child) => visit(path.join(relative, child))))
    } else {
      stamps[relative] = [info.size, info.mtimeMs]
    }
  }
  await Promise.all(entries.map(visit))
  return stamps
}

/** @param {string} outDir @param {Part} part @returns {Promise<Manifest | null>} */
async function readManifest(outDir, part) {
  try {
    const manifest = JSON.parse(await readFile(path.join(outDir, '.build', `${part}.json`), 'utf8'))
    return manifest.version === MANIFEST_VERSION ? manifest : null
  } catch {
    return null
  }
}

/** @param {string} outDir @param {Part} part @param {Manifest} manifest */
async function writeManifest(outDir, part, manifest) {
  await mkdir(path.join(outDir, '.build'), { recursive: true })
  await writeFile(path.join(outDir, '.build', `${part}.json`), `${JSON.stringify(manifest, null, 1)}\n`)
}

/** @param {string} file */
async function exists(file) {
  return (await stat(file).catch(() => null)) !== null
}

/**
 * Runs a command from the project root; rejects with its output when it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, capture?: boolean, what: string }} options
 * @returns {Promise<string>} its stdout when captured
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: PROJECT_ROOT,
      env: options.env ?? process.env,
      // What the tools print goes to stderr too (fd 2), never among the server's JSON lines.
      stdio: ['ignore', options.capture ? 'pipe' : 2, 'inherit'],
    })
    let stdout = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve(stdout)
      const diagnostics = stdout
        .split('\n')
        .filter((line) => line && !line.startsWith('TSFILE: ') && !path.isAbsolute(line.trim()))
        .join('\n')
      reject(new Error(`build: ${options.what} failed (${signal ?? `exit code ${code}`})${diagnostics ? `:\n${diagnostics}` : ''}`))
    })
  })
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {BuildOptions & { parts: Part[] }} */
  const options = { parts: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--force') options.force = true
    else if (arg === '--out-dir' && argv[i + 1]) options.outDir = argv[++i]
    else if (arg === 'client' || arg === 'server') options.parts.push(arg)
    else throw new Error(`build: unknown argument ${arg}; usage: node server/build.mjs [client] [server] [--force] [--out-dir DIR]`)
  }
  if (options.parts.length === 0) options.parts = ['client', 'server']
  return options
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildStale(parseArgs(process.argv.slice(2)))
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
