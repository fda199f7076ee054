/**
 * What a server child process holds in memory, read after a forced full
 * garbage collection (test-support/gc-on-signal.mjs). Unlike RSS, or a heap
 * figure read whenever, it does not depend on when V8 last collected or on
 * how busy the machine is, so a bound on it holds in a loaded parallel run.
 */
import { waitFor } from './node-client.ts'
import type { ServerProcess } from './server-process.ts'

/**
 * Node options that load the preload; pass them as startSeed's `nodeArgs`.
 * With V8's background GC threads, buffers freed by a collection are still
 * counted as external for a while after it; single-threaded GC frees them
 * before gc() returns.
 */
export const GC_ON_SIGNAL_NODE_ARGS = ['--expose-gc', '--single-threaded-gc', '--import', new URL('./gc-on-signal.mjs', import.meta.url).href]

const MEMORY_LINE = /seed-test memory after gc: (\{.*\})\n/

/** V8 heap in use plus memory outside it held by JS objects (Buffers, Uint8Arrays), after a full GC. */
export async function bytesAfterGc(server: ServerProcess): Promise<number> {
  const from = server.output.length
  const memoryLine = () => MEMORY_LINE.exec(server.output.slice(from).join(''))
  server.signal('SIGUSR2')
  await waitFor(() => memoryLine() !== null, 'the server printing its memory after gc')
  const { heapUsed, external } = JSON.parse(memoryLine()![1]!) as { heapUsed: number; external: number }
  return heapUsed + external
}
