/**
 * Where the server finds the project and the built client, from source
 * (`tsx server/main.ts`: this file is server/paths.ts) and compiled
 * (`node dist/server/main.js`: this file is <out>/server/paths.js, and the
 * client was built beside it into <out>/client; see server/build.mjs).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const compiled = import.meta.url.endsWith('.js')

/** The nearest directory above this module with a package.json: the project root, in source and compiled form alike. */
export const PROJECT_ROOT = findProjectRoot(here)

/** The Vite build of client/: dist/client from source, the sibling `client` directory of a compiled server. */
export const CLIENT_BUILD_DIR = compiled ? path.resolve(here, '../client') : path.join(PROJECT_ROOT, 'dist/client')

/** What the build step recorded beside the compiled server (server/build.mjs); null from source, which no build describes. */
export const BUILD_INFO_FILE = compiled ? path.resolve(here, '../build-info.json') : null

/** Used only in development (`npm run dev`), where Vite serves the client. */
export const VITE_CONFIG_FILE = path.join(PROJECT_ROOT, 'vite.config.ts')

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}: Seed must run from its project directory`)
  }
}
