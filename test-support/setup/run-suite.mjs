#!/usr/bin/env node
// `npm test`: every step of the suite in order, stopping at the first that
// fails, then — whether it passed or not — how long each step took and the
// ten slowest tests of Vitest and Playwright together. The one-time installs
// (Chromium, PostgreSQL, Redis, nginx) are timed apart from the rest, which must
// stay under 12 minutes on a 2-core machine (README "Tests").
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath, URL } from 'node:url'
import { formatSlowest, playwrightTimings, readReport, slowest, vitestTimings } from './slowest-tests.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SLOWEST_COUNT = 10
const reports = mkdtempSync(path.join(tmpdir(), 'seed-test-reports-'))
const vitestReport = path.join(reports, 'vitest.json')
const playwrightReport = path.join(reports, 'playwright.json')
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name)

/** @type {{ name: string, command: string, args: string[], env?: Record<string, string>, install?: boolean }[]} */
const steps = [
  { name: 'Chromium', command: process.execPath, args: ['e2e/setup/ensure-chromium.mjs'], install: true },
  { name: 'PostgreSQL, Redis and nginx', command: process.execPath, args: ['test-support/setup/ensure-services.mjs'], install: true },
  { name: 'typecheck', command: bin('tsc'), args: ['--noEmit'] },
  { name: 'lint', command: bin('eslint'), args: ['.'] },
  { name: 'unit and integration (Vitest)', command: bin('vitest'), args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`] },
  // Server and client: the e2e tests run the compiled server, as production does.
  { name: 'build', command: process.execPath, args: ['server/build.mjs'] },
  { name: 'end-to-end (Playwright)', command: bin('playwright'), args: ['test'], env: { SEED_E2E_JSON_REPORT: playwrightReport } },
]

/** @type {{ name: string, ms: number, install: boolean, code: number }[]} */
const ran = []
let failed = null
for (const step of steps) {
  const started = performance.now()
  const code = await run(step)
  ran.push({ name: step.name, ms: performance.now() - started, install: step.install ?? false, code })
  if (code !== 0) {
    failed = step
    break
  }
}

summarize()
rmSync(reports, { recursive: true, force: true })
process.exit(failed ? 1 : 0)

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...step.env } })
    child.once('error', (error) => {
      console.error(`${step.name}: could not start ${step.command} (${error.message})`)
      resolve(1)
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

function summarize() {
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
  const lines = ['', '── Test run ──']
  for (const step of ran) lines.push(`${seconds(step.ms).padStart(8)}  ${step.name}${step.code === 0 ? '' : '  FAILED'}`)
  const total = (install) => ran.filter((step) => step.install === install).reduce((sum, step) => sum + step.ms, 0)
  lines.push(`${seconds(total(false)).padStart(8)}  in all, after ${seconds(total(true))} of one-time installs and checks`)
  const timings = [...vitestTimings(readReport(vitestReport), ROOT), ...playwrightTimings(readReport(playwrightReport))]
  if (timings.length > 0) lines.push('', `── The ${SLOWEST_COUNT} slowest tests ──`, ...formatSlowest(slowest(timings, SLOWEST_COUNT)))
  if (failed) lines.push('', `npm test FAILED at: ${failed.name} (its output is above).`)
  process.stdout.write(`${lines.join('\n')}\n`)
}
