/**
 * Start-up errors name the cause (issue 20 point 2): a data directory that
 * another Seed holds, that this user may not write, or that cannot be created
 * stops Seed at once with one sentence on stderr naming the path and what to
 * do, and exit code 2 (as a configuration error does). The Redis cases are in
 * cluster.test.ts, beside the PostgreSQL that cluster mode needs.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSeedToExit, startSeed, type FailedStart } from '../../test-support/seed-process.ts'

/** Seed's start takes a few seconds from source on a loaded machine; a hang (or a spin) is what this bounds. */
const START_BOUND_MS = 25_000
const NOBODY = { uid: 65534, gid: 65534 }

let scratch: string

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'seed-startup-errors-'))
  // Another user (below) must be able to reach the directories inside.
  await chmod(scratch, 0o755)
})
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

function expectOneSentence(run: FailedStart, sentence: RegExp): void {
  expect(run.code, `exit code; stderr: ${run.stderr}`).toBe(2)
  expect(run.stderr.trim()).toMatch(sentence)
  expect(run.stderr.trim().split('\n')).toHaveLength(1)
  expect(run.stderr).not.toMatch(/Database failed to open|\n\s+at /)
}

describe('start-up errors of the data directory', () => {
  it('a DATA_DIR another Seed holds: says it is in use and what to do', { timeout: 2 * START_BOUND_MS }, async () => {
    const first = await startSeed()
    try {
      const second = await runSeedToExit({ dataDir: first.dataDir, timeoutMs: START_BOUND_MS })
      expectOneSentence(second, new RegExp(`^DATA_DIR=${escape(first.dataDir)} is in use by another process .*: stop that one, or give this instance a DATA_DIR of its own\\.$`))
      // The first one keeps serving.
      expect((await fetch(`${first.url}readyz`)).status).toBe(200)
    } finally {
      await first.dispose()
    }
  })

  it('a DATA_DIR this user may not write: says so, names the user and what to do, in bounded time', { timeout: START_BOUND_MS + 5000 }, async () => {
    const dataDir = path.join(scratch, 'not-yours')
    await mkdir(dataDir)
    // As root every directory is writable: the server runs as nobody instead, as a service user would.
    const asRoot = process.getuid?.() === 0
    await chmod(dataDir, asRoot ? 0o755 : 0o555)
    const run = await runSeedToExit({ dataDir, timeoutMs: START_BOUND_MS, ...(asRoot ? { user: NOBODY } : {}) })
    expectOneSentence(run, new RegExp(`^DATA_DIR=${escape(dataDir)} cannot be written by this user \\(uid \\d+\\): give it write access .*or set DATA_DIR to a directory it owns\\.$`))
  })

  it('a DATA_DIR that cannot be created: names the file in the way', { timeout: START_BOUND_MS + 5000 }, async () => {
    const file = path.join(scratch, 'a-file')
    await writeFile(file, 'not a directory')
    const run = await runSeedToExit({ dataDir: path.join(file, 'data'), timeoutMs: START_BOUND_MS })
    expectOneSentence(run, new RegExp(`^DATA_DIR=${escape(path.join(file, 'data'))} cannot be created: ${escape(file)} is a file, not a directory; move it away or set DATA_DIR to another path\\.$`))
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
