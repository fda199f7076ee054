// The slowest tests of a run, read from the JSON reports that Vitest and
// Playwright write (test-support/setup/run-suite.mjs asks both for one), so
// that a test creeping toward its budget is seen before it fails on a slower
// machine. Plain JS: it runs from the suite runner, before anything is built.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/**
 * @typedef {{ runner: 'vitest' | 'playwright', file: string, title: string, ms: number, status: string }} TestTiming
 */

/**
 * Every test of a Vitest JSON report (its `testResults[].assertionResults[]`).
 * @param {any} report
 * @param {string} root the project root, stripped from file names
 * @returns {TestTiming[]}
 */
export function vitestTimings(report, root) {
  return (report?.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? []).map((test) => ({
      runner: 'vitest',
      file: relative(file.name, root),
      title: test.fullName ?? test.title,
      ms: test.duration ?? 0,
      status: test.status,
    })),
  )
}

/**
 * Every test of a Playwright JSON report: suites nest (file → describe → …), each spec's tests have one result per attempt.
 * @param {any} report
 * @returns {TestTiming[]}
 */
export function playwrightTimings(report) {
  /** @type {TestTiming[]} */
  const timings = []
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        for (const result of test.results ?? []) {
          timings.push({ runner: 'playwright', file: spec.file ?? suite.file, title: [...titles, spec.title].join(' › '), ms: result.duration ?? 0, status: result.status })
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, suite.file === child.file ? [...titles, child.title] : titles)
  }
  for (const suite of report?.suites ?? []) visit(suite, [])
  return timings
}

/**
 * The `count` slowest, slowest first.
 * @param {TestTiming[]} timings
 * @param {number} count
 */
export function slowest(timings, count) {
  return [...timings].sort((a, b) => b.ms - a.ms).slice(0, count)
}

/**
 * Lines for the console: one per test, its time, runner, file and title.
 * @param {TestTiming[]} timings
 */
export function formatSlowest(timings) {
  return timings.map((test) => `${(test.ms / 1000).toFixed(1).padStart(6)} s  ${test.runner.padEnd(10)} ${test.file} › ${test.title}${test.status === 'passed' ? '' : ` (${test.status})`}`)
}

/**
 * A JSON report's content, or undefined when the runner did not get far enough to write it.
 * @param {string} file
 */
export function readReport(file) {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

function relative(file, root) {
  return typeof file === 'string' && path.isAbsolute(file) ? path.relative(root, file) : file
}
