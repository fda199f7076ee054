#!/usr/bin/env node
/**
 * `npm start`: builds what is stale (server/build.mjs: the client with Vite,
 * the server with tsc, each in a child process), then runs the compiled
 * server, dist/server/main.js, in this process. So the serving process is
 * plain `node` on JavaScript: no TypeScript loader, no Vite, nothing of the
 * build but a few stat calls. Operators run one command; deployments that
 * build ahead of time run `npm run build` and then `node dist/server/main.js`.
 * `--out-dir DIR` builds into and runs from DIR instead of dist/ (tests).
 * Plain JavaScript because it runs before anything is compiled.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildStale, DEFAULT_OUT_DIR, PROJECT_ROOT } from './build.mjs'

const outDirFlag = process.argv.indexOf('--out-dir')
const outDir = outDirFlag === -1 ? DEFAULT_OUT_DIR : path.resolve(PROJECT_ROOT, process.argv[outDirFlag + 1] ?? '')

try {
  await buildStale({ outDir })
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
await import(pathToFileURL(path.join(outDir, 'server/main.js')).href)
