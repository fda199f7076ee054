import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwarenessUpdate } from '../protocol/encode-message.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

describe('heartbeat', () => {
  const harness = useServerPerTest()

  /**
   * A peer that answers pings like any client until `die()`, then never again: its network vanished without a
   * close (no FIN reaches the server). Published a caret first.
   */
  async function mortalPeerWithCaret(wsUrl: string, room: string): Promise<{ clientId: number; die: () => void; socket: WebSocket }> {
    const socket = new WebSocket(`${wsUrl}/${room}`, { autoPong: false })
    let dead = false
    socket.on('ping', (data) => {
      if (!dead) socket.pong(data)
    })
    await new Promise((resolve) => socket.once('open', resolve))
    const ghostDoc = new Y.Doc()
    const ghost = new awarenessProtocol.Awareness(ghostDoc)
    ghost.setLocalState({ user: { name: 'Ghost', color: '#445566' } })
    socket.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(ghost, [ghostDoc.clientID])))
    ghost.destroy()
    return { clientId: ghostDoc.clientID, die: () => (dead = true), socket }
  }

  // The bound: a ping within HEARTBEAT_INTERVAL_MS of the death, unanswered for STOPPED_READING_TIMEOUT_MS, seen by the once-a-second check.
  const SHORT = { HEARTBEAT_INTERVAL_MS: '1000', STOPPED_READING_TIMEOUT_MS: '1000' }
  const BOUND_MS = 1000 + 1000 + 1000
  // What a loaded machine may add to it.
  const SLACK_MS = 2000

  it('drops a peer whose connection died silently within the heartbeat bound, and removes its caret for everyone', async () => {
    const server = await harness.start(SHORT)
    const watcher = harness.client('heartbeat')
    await watcher.synced()
    const peer = await mortalPeerWithCaret(server.wsUrl, 'heartbeat')
    await waitFor(() => watcher.provider.awareness.getStates().has(peer.clientId), 'watcher sees the caret')
    // Alive through several heartbeats while it answers.
    await new Promise((resolve) => setTimeout(resolve, 2 * BOUND_MS))
    expect(watcher.provider.awareness.getStates().has(peer.clientId)).toBe(true)

    peer.die()
    const diedAt = Date.now()
    await waitFor(() => !watcher.provider.awareness.getStates().has(peer.clientId), 'caret removed', BOUND_MS + SLACK_MS)
    expect(Date.now() - diedAt).toBeLessThan(BOUND_MS + SLACK_MS)
    // The stock client answers pings, so it survives every heartbeat.
    expect(watcher.provider.wsconnected).toBe(true)
    peer.socket.terminate()
  })

  it('drops a silent peer that nobody sends anything to, with only the heartbeat to notice', async () => {
    const server = await harness.start(SHORT)
    const peer = await mortalPeerWithCaret(server.wsUrl, 'alone')
    const watcher = harness.client('elsewhere')
    await watcher.synced()
    // Its opening sync was answered (a probe followed it), then it dies with nothing more sent to it.
    await new Promise((resolve) => setTimeout(resolve, BOUND_MS))
    peer.die()
    const diedAt = Date.now()
    await new Promise<void>((resolve) => peer.socket.once('close', () => resolve()))
    expect(Date.now() - diedAt).toBeLessThan(BOUND_MS + SLACK_MS)
    expect(watcher.provider.wsconnected).toBe(true)
  })
})
