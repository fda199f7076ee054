import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import { crashWhileWriting } from '../../test-support/crash-while-writing.ts'

const CRASH_ROUNDS = Number(process.env.SEED_CRASH_ROUNDS ?? 10)

describe('durability of a real server process', () => {
  const processes: ServerProcess[] = []
  const clients: NodeClient[] = []
  const client = (seed: ServerProcess, room: string) => {
    const c = connectClient(seed.wsUrl, room)
    clients.push(c)
    return c
  }
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const p of processes.splice(0)) await p.dispose()
  })

  /** What a fresh client, that never saw the room before, receives from the server. */
  async function freshRead(seed: ServerProcess, room: string): Promise<Y.Doc> {
    const reader = client(seed, room)
    await reader.synced()
    return reader.doc
  }

  it(`loses nothing an observer saw when the server is SIGKILLed (${CRASH_ROUNDS} rounds)`, async () => {
    const seed = await startSeed()
    processes.push(seed)
    for (let round = 0; round < CRASH_ROUNDS; round++) {
      const { confirmed, missing } = await crashWhileWriting(seed, `crash-${round}`, client)
      expect(missing, `round ${round}: ${missing.length} of ${confirmed.length} confirmed updates missing`).toEqual([])
    }
  }, 120_000)

  it('loses nothing when killed right after a burst of thousands of updates was confirmed', async () => {
    // The burst is throttled past the rate budget (never closed); a faster refill keeps the test short.
    const seed = await startSeed({ env: { MAX_MESSAGES_PER_SECOND: '2000' } })
    processes.push(seed)
    const writer = client(seed, 'burst')
    const observer = client(seed, 'burst')
    await Promise.all([writer.synced(), observer.synced()])
    const written = writer.doc.getArray<number>('numbers')
    for (let i = 0; i < 5000; i++) written.push([i])
    const observed = observer.doc.getArray<number>('numbers')
    await waitFor(() => observed.length === 5000, 'observer confirmed the whole burst')
    await seed.kill()
    writer.destroy()
    observer.destroy()

    await seed.restart()
    expect((await freshRead(seed, 'burst')).getArray<number>('numbers').length).toBe(5000)
  })

  it('keeps everything through a graceful stop and exits 0', async () => {
    const seed = await startSeed()
    processes.push(seed)
    const writer = client(seed, 'graceful')
    await writer.synced()
    for (let i = 0; i < 200; i++) writer.text.insert(writer.text.length, `${i},`)
    const expected = writer.text.toString()
    const observer = client(seed, 'graceful')
    await waitFor(() => observer.text.toString() === expected, 'observer caught up')
    writer.destroy()
    observer.destroy()

    expect(await seed.stop()).toBe(0)
    await seed.restart()
    expect((await freshRead(seed, 'graceful')).getText('text').toString()).toBe(expected)
  })

  it('never serves a cold room before it is loaded: concurrent joiners all get the full document at first sync', async () => {
    const seed = await startSeed()
    processes.push(seed)
    const writer = client(seed, 'cold')
    await writer.synced()
    writer.text.insert(0, 'x'.repeat(50_000))
    const observer = client(seed, 'cold')
    await waitFor(() => observer.text.length === 50_000, 'observer caught up')
    writer.destroy()
    observer.destroy()
    await seed.stop()
    await seed.restart()

    const joiners = Array.from({ length: 5 }, () => client(seed, 'cold'))
    const lengthsAtFirstSync = await Promise.all(
      joiners.map((joiner) => joiner.synced().then(() => joiner.text.length)),
    )
    expect(lengthsAtFirstSync).toEqual([50_000, 50_000, 50_000, 50_000, 50_000])
  })
})
