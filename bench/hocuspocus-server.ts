/**
 * Hocuspocus as a benchmark server, run as a child process of its own
 * (`node --import tsx bench/hocuspocus-server.ts`, see bench/servers.ts).
 * HOST, PORT (0 picks a free one) and DATA_DIR come from env. Documents are
 * stored in LevelDB (classic-level) through @hocuspocus/extension-database,
 * one record per document holding the whole state that extension hands over.
 * Prints `Hocuspocus ready at ws://HOST:PORT` once it listens.
 */
import { Database } from '@hocuspocus/extension-database'
import { Server } from '@hocuspocus/server'
import { ClassicLevel } from 'classic-level'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? '0')
const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR must name the LevelDB directory')
if (!Number.isInteger(port) || port < 0) throw new Error(`PORT=${process.env.PORT} must be a port number`)

const db = new ClassicLevel<string, Uint8Array>(dataDir, { valueEncoding: 'view' })
await db.open()

const server = new Server({
  address: host,
  port,
  // Our own ready line below instead of the banner.
  quiet: true,
  // debounce and maxDebounce are left at Hocuspocus' defaults on purpose: a
  // store that waits for a pause in editing is what a stock deployment runs,
  // and it is what the crash benchmark measures.
  extensions: [
    new Database({
      fetch: async ({ documentName }) => (await db.get(documentName)) ?? null,
      store: async ({ documentName, state }) => {
        await db.put(documentName, state)
      },
    }),
  ],
})
await server.listen()
process.stdout.write(`Hocuspocus ready at ws://${host}:${server.address.port}\n`)
