/**
 * One round of the crash check behind "anything another client has seen
 * survives a SIGKILL": a writer pushes numbers as fast as it can while an
 * observer records every one it sees; the server is SIGKILLed at a random
 * moment mid-stream and restarted on the same store, and a fresh client reads
 * what was kept. Every number the observer saw must be among it. Used for
 * each store backend (server/integration/durability.test.ts, postgres-store.test.ts).
 */
import { waitFor, type NodeClient } from './node-client.ts'
import type { ServerProcess } from './server-process.ts'

export interface CrashRound {
  /** Numbers the observer saw before the kill. */
  confirmed: number[]
  /** Those of them the restarted server did not have. */
  missing: number[]
}

/** `connect` opens a client the caller disposes of (the round destroys its writer and observer before the restart). */
export async function crashWhileWriting(seed: ServerProcess, room: string, connect: (seed: ServerProcess, room: string) => NodeClient): Promise<CrashRound> {
  const writer = connect(seed, room)
  const observer = connect(seed, room)
  await Promise.all([writer.synced(), observer.synced()])
  const seen = new Set<number>()
  const observed = observer.doc.getArray<number>('numbers')
  observed.observe(() => {
    for (const value of observed.toArray()) seen.add(value)
  })

  const written = writer.doc.getArray<number>('numbers')
  let next = 0
  const writing = setInterval(() => {
    for (let i = 0; i < 20; i++) written.push([next++])
  }, 2)
  await waitFor(() => seen.size > 0, 'the observer sees updates')
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 200))
  await seed.kill()
  clearInterval(writing)
  const confirmed = [...seen]
  // The clients must not resend anything after the restart: only the server's store counts.
  writer.destroy()
  observer.destroy()

  await seed.restart()
  const reader = connect(seed, room)
  await reader.synced()
  const stored = new Set(reader.doc.getArray<number>('numbers').toArray())
  return { confirmed, missing: confirmed.filter((value) => !stored.has(value)) }
}
