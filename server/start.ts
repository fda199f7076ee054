/**
 * `npm start`: builds the client when dist/client is missing or older than
 * its sources, then starts the server. Operators run one command.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLIENT_BUILD_DIR } from './seed-server.ts'

const projectRoot = fileURLToPath(new URL('..', import.meta.url))
const CLIENT_SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json']

async function newestModification(entry: string): Promise<number> {
  const info = await stat(entry).catch(() => null)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  const children = await readdir(entry)
  const times = await Promise.all(children.map((child) => newestModification(path.join(entry, child))))
  return Math.max(info.mtimeMs, ...times)
}

async function clientBuildIsStale(): Promise<boolean> {
  const built = await stat(path.join(CLIENT_BUILD_DIR, 'index.html')).catch(() => null)
  if (!built) return true
  const sources = await Promise.all(CLIENT_SOURCES.map((entry) => newestModification(path.join(projectRoot, entry))))
  return Math.max(...sources) > built.mtimeMs
}

if (await clientBuildIsStale()) {
  process.stdout.write('Building the client (first start or sources changed)...\n')
  const { build } = await import('vite')
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' })
}
await import('./main.ts')
