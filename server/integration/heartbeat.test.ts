import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwarenessUpdate } from '../protocol/encode-message.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

describe('heartbeat', () => {
  const harness = useServerPerTest()

  it('terminates a peer that stops answering pings and removes its caret for everyone', async () => {
    const server = await harness.start({ HEARTBEAT_INTERVAL_MS: '1000' })
    const watcher = harness.client('heartbeat')
    await watcher.synced()

    // A peer whose network vanished: connected, published a caret, never answers pings.
    const silent = new WebSocket(`${server.wsUrl}/heartbeat`, { autoPong: false })
    await new Promise((resolve) => silent.once('open', resolve))
    const ghostDoc = new Y.Doc()
    const ghost = new awarenessProtocol.Awareness(ghostDoc)
    ghost.setLocalState({ user: { name: 'Ghost', color: '#445566' } })
    silent.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(ghost, [ghostDoc.clientID])))
    ghost.destroy()
    await waitFor(() => watcher.provider.awareness.getStates().has(ghostDoc.clientID), 'watcher sees the ghost caret')

    const started = Date.now()
    await waitFor(() => server.stats().connections === 1, 'silent peer terminated', 5_000)
    expect(Date.now() - started).toBeLessThan(3_500)
    await waitFor(() => !watcher.provider.awareness.getStates().has(ghostDoc.clientID), 'ghost caret removed', 2_000)
    // The stock client answers pings, so it survives several heartbeats.
    expect(watcher.provider.wsconnected).toBe(true)
    silent.terminate()
  })
})
