import { describe, expect, it } from 'vitest'
import { ClassicLevel } from 'classic-level'
import { waitFor } from '../../test-support/node-client.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { updateKeyRange } from '../storage/level-keys.ts'

async function storedRecordCount(dataDir: string, roomId: string): Promise<number> {
  const db = new ClassicLevel<Uint8Array, Uint8Array>(dataDir, { keyEncoding: 'view', valueEncoding: 'view' })
  let count = 0
  for await (const _key of db.keys(updateKeyRange(roomId))) count += 1
  await db.close()
  return count
}

/** How many times the server has read a room from the store (seed_room_loads_total). */
async function roomLoads(url: string): Promise<number> {
  const text = await (await fetch(`${url}metrics`)).text()
  const match = /^seed_room_loads_total (\d+)$/m.exec(text)
  if (!match) throw new Error('seed_room_loads_total is missing from /metrics')
  return Number(match[1])
}

describe('room lifecycle', () => {
  const harness = useServerPerTest()

  it('unloads a room after the grace period, compacted into one record', async () => {
    const server = await harness.start({ ROOM_UNLOAD_GRACE_MS: '200' })
    const writer = harness.client('lifecycle')
    await writer.synced()
    for (let i = 0; i < 30; i++) {
      writer.text.insert(writer.text.length, `${i} `)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const expected = writer.text.toString()
    const observer = harness.client('lifecycle')
    await waitFor(() => observer.text.toString() === expected, 'observer caught up')
    expect(server.stats().loadedRooms).toBe(1)

    harness.destroyClients()
    await waitFor(() => server.stats().connections === 0, 'connections closed')
    await waitFor(() => server.stats().loadedRooms === 0, 'room unloaded', 5_000)

    const reader = harness.client('lifecycle')
    await reader.synced()
    expect(reader.text.toString()).toBe(expected)
    harness.destroyClients()
    const dataDir = server.dataDir
    await server.close()
    expect(await storedRecordCount(dataDir, 'lifecycle')).toBe(1)
  })

  it('keeps a room loaded while someone reconnects within the grace period', async () => {
    const server = await harness.start({ ROOM_UNLOAD_GRACE_MS: '1000' })
    const first = harness.client('grace')
    await first.synced()
    first.text.insert(0, 'kept')
    const second = harness.client('grace')
    await waitFor(() => second.text.toString() === 'kept', 'second has text')
    first.provider.disconnect()
    second.provider.disconnect()
    await waitFor(() => server.stats().connections === 0, 'all disconnected')
    second.provider.connect()
    await waitFor(() => second.provider.synced && second.provider.wsconnected, 'reconnected')
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(server.stats().loadedRooms).toBe(1)
    // Loaded once: a room unloaded and loaded again during the reconnect would count two.
    expect(await roomLoads(server.url)).toBe(1)
  })

  /*
   * The stock provider closes a socket that received nothing for 30 s; its awareness renews the local state every
   * 15 s. A client alone in a room hears only what the server echoes, so the server must echo each renewal back to
   * its sender. Asserted on the mechanism rather than by waiting 35 s: the provider's clock of the last message is
   * set 20 s back (its check closes past 30 s), a renewal is sent, and the echo must bring the clock forward.
   */
  it('echoes a lone client\'s awareness renewals to it, which keeps the provider\'s 30 s idle timeout from firing', async () => {
    await harness.start()
    const alone = harness.client('alone')
    await alone.synced()
    alone.provider.awareness.setLocalStateField('user', { name: 'Solo', color: '#336699' })
    const statuses: string[] = []
    alone.provider.on('status', ({ status }: { status: string }) => statuses.push(status))
    const quietSince = Date.now() - 20_000
    alone.provider.wsLastMessageReceived = quietSince
    // What the awareness's own 15 s timer does: set the same state again.
    alone.provider.awareness.setLocalState(alone.provider.awareness.getLocalState())
    await waitFor(() => alone.provider.wsLastMessageReceived > quietSince, 'the renewal came back to its sender')
    expect(statuses).toEqual([])
    expect(alone.provider.wsconnected).toBe(true)
  })
})
