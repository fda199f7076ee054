/**
 * A client that sends a burst and closes at once must not get the server's
 * undivided attention: its backlog is handled in the same fair turns as
 * everyone else's, and only then does it leave its room.
 *
 * The server runs in this process, so the order of events is deterministic:
 * everything the flooder writes, and its TCP close, is in the server's socket
 * buffer before the server's next read. A reader in the same room sends a sync
 * step 1 on every event-loop turn; each answer is the document as it was when
 * the server handled that request, so the answers show whether the backlog
 * was handled in slices (many partial lengths) or in one go (none).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { encodeAwarenessUpdate, encodeSyncStep1, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { openRawSocket } from '../../test-support/raw-socket.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { syncStep2Update } from '../../test-support/sync-reply.ts'

/** Below the connection's pause-reading threshold, so the close is read together with the burst. */
const BURST = 400

/** One sync update frame per inserted character, as a typing client would send them. */
function typingBurst(doc: Y.Doc, count: number): Uint8Array[] {
  const frames: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => frames.push(encodeSyncUpdate(update)))
  const text = doc.getText('text')
  for (let i = 0; i < count; i++) text.insert(text.length, 'x')
  return frames
}

/** The text length in a sync step 2 answer, or null for any other message. */
function lengthInSyncStep2(data: Uint8Array): number | null {
  const update = syncStep2Update(data)
  if (update === null) return null
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  const length = doc.getText('text').length
  doc.destroy()
  return length
}

describe('fair processing of a closed connection', () => {
  const harness = useServerPerTest()

  it('handles the burst a client sent before closing in fair turns, keeps all of it, then removes its presence', async () => {
    const server = await harness.start({ MAX_MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000' })
    const room = 'closing-burst'
    const watcher = harness.client(room)
    await watcher.synced()
    const flooder = await openRawSocket(server.wsUrl, room)
    const reader = await openRawSocket(server.wsUrl, room)
    await Promise.all([flooder.firstMessage, reader.firstMessage])

    const flooderDoc = new Y.Doc()
    const flooderAwareness = new awarenessProtocol.Awareness(flooderDoc)
    flooderAwareness.setLocalState({ user: { name: 'Flooder' } })
    flooder.socket.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(flooderAwareness, [flooderDoc.clientID])))
    await waitFor(() => watcher.provider.awareness.getStates().has(flooderDoc.clientID), 'the flooder is present')

    const lengthsSeen: number[] = []
    reader.socket.on('message', (data: Buffer) => {
      const length = lengthInSyncStep2(new Uint8Array(data))
      if (length !== null) lengthsSeen.push(length)
    })
    const probe = encodeSyncStep1(new Y.Doc())
    let probing = true
    const probeEveryTurn = (): void => {
      if (!probing) return
      reader.socket.send(probe)
      setImmediate(probeEveryTurn)
    }

    for (const frame of typingBurst(flooderDoc, BURST)) flooder.socket.send(frame)
    flooder.socket.terminate()
    setImmediate(probeEveryTurn)

    try {
      await waitFor(() => lengthsSeen.includes(BURST), 'an answer with the whole burst')
    } finally {
      probing = false
    }
    // One turn handles at most 16 frames per connection; handling the backlog
    // at once would show nothing between the first turn and the end.
    const partial = new Set(lengthsSeen.filter((length) => length > 16 && length < BURST))
    expect(partial.size).toBeGreaterThanOrEqual(5)

    await waitFor(() => watcher.text.length === BURST, 'the watcher has the whole burst')
    await waitFor(() => !watcher.provider.awareness.getStates().has(flooderDoc.clientID), 'the flooder presence is removed')
    const late = harness.client(room)
    await late.synced()
    expect(late.text.length).toBe(BURST)
    reader.socket.close()
    flooderAwareness.destroy()
  })
})
