/**
 * Session and Room over a transport that is not a WebSocket: the in-memory
 * pair from test-support. Real rooms on a real LevelDB; only the wire is
 * swapped, which is the point: no Room or Session code knows which it is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { MessageType } from '../../shared/protocol.ts'
import { loadConfig, type Limits } from '../config.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { Metrics } from '../observability/metrics.ts'
import { RefusalLog } from '../observability/refusal-log.ts'
import { RoomRegistry } from '../room/room-registry.ts'
import { LevelStore } from '../storage/level-store.ts'
import { encodeAwarenessUpdate, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { createInMemoryPair, type InMemoryPeer } from '../../test-support/in-memory-transport.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { SessionHub } from './session-hub.ts'

const logger = pino({ level: 'silent' })

/** A Yjs peer speaking y-protocols over the in-memory pair, as a y-websocket client would. */
class PeerClient {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  readonly othersSeen = new Set<number>()
  constructor(readonly peer: InMemoryPeer) {
    peer.onMessage = (frame) => this.handle(frame)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) peer.send(encodeSyncUpdate(update))
    })
  }

  get text(): string {
    return this.doc.getText('t').toString()
  }

  announce(name: string): void {
    this.awareness.setLocalState({ user: { name, color: '#336699' } })
    this.peer.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID])))
  }

  private handle(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.sync) {
      const reply = encoding.createEncoder()
      encoding.writeVarUint(reply, MessageType.sync)
      syncProtocol.readSyncMessage(decoder, reply, this.doc, this)
      if (encoding.length(reply) > 1) this.peer.send(encoding.toUint8Array(reply))
    } else if (type === MessageType.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
      this.awareness.getStates().forEach((_state, clientId) => {
        if (clientId !== this.doc.clientID) this.othersSeen.add(clientId)
      })
    }
  }
}

describe('Session over an in-memory transport', () => {
  let dir: string
  let store: LevelStore
  let registry: RoomRegistry
  let hub: SessionHub

  async function setUp(limitOverrides: Partial<Limits> = {}): Promise<void> {
    const config = loadConfig({})
    const limits = { ...config.limits, ...limitOverrides }
    const metrics = new Metrics({ connections: () => hub.sessionCountsByTransport(), loadedRooms: () => registry.loadedRoomCount })
    store = await LevelStore.open(dir, { fsync: false })
    registry = new RoomRegistry({
      store,
      bus: new InProcessBus(),
      logger,
      metrics,
      unloadGraceMs: 50,
      compactAfterUpdates: 500,
      maxDocumentBytes: limits.maxDocumentBytes,
      maxLoadedRooms: 100,
    })
    hub = new SessionHub({ registry, logger, metrics, refusals: new RefusalLog(10_000), limits, livenessIntervalMs: 60_000 })
  }

  function connect(roomId: string): PeerClient {
    const { transport, peer } = createInMemoryPair()
    const reservation = hub.reserve(roomId, 'in-memory')
    if ('refused' in reservation) throw reservation.refused
    hub.open(transport, reservation, { identity: { subject: null, name: null }, permission: 'edit', expiresAt: null })
    return new PeerClient(peer)
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-session-'))
  })
  afterEach(async () => {
    hub.closeAll({ kind: 'serverRestart', message: 'test over' })
    await hub.closedSessionsFinished()
    await registry.unloadAll()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('lets two peers co-edit, stores what they wrote, and removes a peer’s caret when it hangs up', async () => {
    await setUp()
    const alice = connect('memo')
    const bob = connect('memo')
    alice.doc.getText('t').insert(0, 'hello ')
    bob.announce('Bob')
    await waitFor(() => bob.text === 'hello ', 'bob sees alice’s text')
    bob.doc.getText('t').insert(6, 'world')
    await waitFor(() => alice.text === 'hello world', 'alice sees bob’s text')
    await waitFor(() => alice.awareness.getStates().has(bob.doc.clientID), 'alice sees bob’s presence')

    bob.peer.close()
    await waitFor(() => !alice.awareness.getStates().has(bob.doc.clientID), 'bob’s presence is gone for alice')
    await registry.unloadAll()
    const stored = new Y.Doc()
    for (const update of (await store.loadRoom('memo')).updates) Y.applyUpdate(stored, update)
    expect(stored.getText('t').toString()).toBe('hello world')
  })

  it('slows a peer over the message rate down by not reading it, never closes it, and keeps every update', async () => {
    await setUp({ messagesPerSecond: 2000, messageBurst: 100 })
    const writer = connect('fast')
    const reader = connect('fast')
    await waitFor(() => writer.peer.received.length > 0 && reader.peer.received.length > 0, 'both joined')
    let maxHeldBack = 0
    const started = performance.now()
    for (let i = 0; i < 1000; i++) writer.doc.getArray<number>('n').push([i])
    await waitFor(() => {
      maxHeldBack = Math.max(maxHeldBack, writer.peer.heldBack)
      return reader.doc.getArray('n').length === 1000
    }, 'the reader receives all 1000 updates')
    // 900 messages over the burst at 2000/s take at least ~450 ms when throttled.
    expect(performance.now() - started).toBeGreaterThan(400)
    expect(maxHeldBack).toBeGreaterThan(0)
    expect(writer.peer.closedWith).toBeNull()
  })

  it('serves a large reply past the send-buffer limit to a peer that reads, and drops one that stops reading it, by progress', async () => {
    await setUp({ stoppedReadingTimeoutMs: 1000, maxSendBufferBytes: 64 * 1024 })
    const author = connect('big')
    author.doc.getText('t').insert(0, 'x'.repeat(1024 * 1024))
    const reader = connect('big')
    reader.peer.send(syncStep1Of(reader.doc))
    await waitFor(() => reader.text.length === 1024 * 1024, 'a reading peer gets the whole 1 MiB document despite a 64 KiB send-buffer limit')

    const stalled = createInMemoryPair()
    stalled.peer.stopReading()
    const reservation = hub.reserve('big', 'in-memory')
    if ('refused' in reservation) throw reservation.refused
    hub.open(stalled.transport, reservation, { identity: { subject: null, name: null }, permission: 'edit', expiresAt: null })
    stalled.peer.send(syncStep1Of(new Y.Doc()))
    const askedAt = performance.now()
    await waitFor(() => stalled.peer.closedWith !== null, 'the peer that stopped reading is dropped', 5000)
    // Dropped by the delivery watch (no progress for the timeout), not for the size of the reply.
    expect(performance.now() - askedAt).toBeGreaterThanOrEqual(1000)
    expect(stalled.peer.closedWith?.code).toBe(1006)
    expect(reader.peer.closedWith).toBeNull()
  })

})

function syncStep1Of(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}
