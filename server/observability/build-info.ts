/**
 * Which Seed is running, for seed_build_info: the version of package.json and
 * the commit it was built from. The commit is SEED_COMMIT when set (an image
 * built without its .git directory), else what the build step recorded
 * (server/build.mjs writes build-info.json beside the compiled server), else
 * "unknown" (run from source, or built outside a git checkout).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { BUILD_INFO_FILE, PROJECT_ROOT } from '../paths.ts'

export interface BuildInfo {
  version: string
  commit: string
}

export function readBuildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const { version } = (readJson(path.join(PROJECT_ROOT, 'package.json')) ?? {}) as { version?: unknown }
  const recorded = (BUILD_INFO_FILE === null ? null : readJson(BUILD_INFO_FILE)) as { commit?: unknown } | null
  const commit = env.SEED_COMMIT?.trim() || (typeof recorded?.commit === 'string' ? recorded.commit : '') || 'unknown'
  return { version: typeof version === 'string' ? version : 'unknown', commit }
}

/** The parsed file; null when it is missing or not JSON. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch {
    return null
  }
}
