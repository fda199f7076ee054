#!/usr/bin/env node
/**
 * `npm start`: builds what is stale (server/build.mjs: the client with Vite,
 * the server with tsc, each in a child process), then runs the compiled
 * server, dist/server/main.js, in this process. So the serving process is
 * plain `node` on JavaScript: no TypeScript loader, no Vite, nothing of the
 * build but a few stat calls. Operators run one command; deployments that
 * build ahead of time run `npm run build` and then `node dist/server/main.js`.
 * Plain JavaScript because it runs before anything is compiled.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildStale, DEFAULT_OUT_DIR } from './build.mjs'

try {
  await buildStale()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
await import(pathToFileURL(path.join(DEFAULT_OUT_DIR, 'server/main.js')).href)
