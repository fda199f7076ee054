/**
 * `seed --version`: the package's version, and the commit it was built from
 * when known: SEED_COMMIT (set by an image build, which has no .git), else the
 * checkout's HEAD.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT } from '../paths.ts'

export function versionLine(): string {
  const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
  const commit = process.env.SEED_COMMIT || checkoutCommit()
  return `seed ${version}${commit ? ` (commit ${commit})` : ''}`
}

function checkoutCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null
  } catch {
    return null
  }
}
