import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import * as Y from 'yjs'
import { forwardingStore } from '../../test-support/forwarding-store.ts'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { LimitExceededError } from '../errors.ts'
import { Metrics } from '../observability/metrics.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { LevelStore } from '../storage/level-store.ts'
import { RoomRegistry, type RoomRegistryOptions } from './room-registry.ts'

/**
 * The real store, with the next append made to fail: a disk that refuses one
 * write and then recovers cannot be had on demand (storage-faults.test.ts
 * fills a real disk end to end).
 */
function failNextAppend(store: DocumentStore): DocumentStore & { armed: boolean } {
  const failing = Object.assign(
    forwardingStore(store, {
      appendUpdate: (roomId, update) => {
        if (!failing.armed) return store.appendUpdate(roomId, update)
        failing.armed = false
        return Promise.reject(new Error('injected write failure'))
      },
    }),
    { armed: false },
  )
  return failing
}

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('RoomRegistry on a real LevelDB', () => {
  let dir: string
  let store: LevelStore
  let metrics: Metrics
  let registry: RoomRegistry
  const members: RecordingMember[] = []

  function createRegistry(options: Partial<RoomRegistryOptions> = {}): RoomRegistry {
    metrics = new Metrics({ loadedRooms: () => registry.loadedRoomCount })
    registry = new RoomRegistry({
      store,
      bus: new InProcessBus(),
      logger: pino({ level: 'silent' }),
      metrics,
      unloadGraceMs: 60_000,
      compactAfterUpdates: 500,
      maxDocumentBytes: 1 << 20,
      maxLoadedRooms: 10,
      ...options,
    })
    return registry
  }

  function member(): RecordingMember {
    const created = new RecordingMember()
    members.push(created)
    return created
  }

  async function loads(): Promise<number> {
    return (await metrics.roomLoads.get()).values[0]?.value ?? 0
  }

  /** Joins, leaves and releases: the room stays loaded, idle, until its grace period ends. */
  async function visit(roomId: string, text?: string): Promise<void> {
    const visitor = member()
    const room = await visitor.join(registry, roomId)
    if (text) {
      visitor.sendUpdate(textUpdate(text))
      await room.flush()
    }
    visitor.leave(registry)
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-registry-'))
    store = await LevelStore.open(dir, { fsync: false })
  })
  afterEach(async () => {
    await registry.unloadAll()
    for (const created of members.splice(0)) created.destroy()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('gives a join that arrives while the room unloads a freshly loaded room with every update', async () => {
    createRegistry({ unloadGraceMs: 0 })
    const writer = member()
    const first = await writer.join(registry, 'unloading')
    writer.sendUpdate(textUpdate('before unload'))
    writer.leave(registry)
    // The grace timer (0 ms) fires first, the unload starts and is writing its compaction when this join comes.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(registry.loadedRoomCount).toBe(1)
    const reader = member()
    const second = await reader.join(registry, 'unloading')
    expect(second).not.toBe(first)
    expect(await loads()).toBe(2)
    reader.requestSync()
    await waitFor(() => reader.doc.getText('t').toString() === 'before unload', 'the fresh room has the update')

    reader.sendUpdate(textUpdate('after'))
    await second.flush()
    const stored = new Y.Doc()
    for (const update of (await store.loadRoom('unloading')).updates) Y.applyUpdate(stored, update)
    expect(stored.getText('t').toString()).toContain('before unload')
    expect(stored.getText('t').toString()).toContain('after')
  })

  it('unloads the least recently used empty room when full, and refuses a new room when none is empty', async () => {
    createRegistry({ maxLoadedRooms: 2 })
    await visit('older', 'kept through eviction')
    await visit('newer')
    await visit('older')
    expect(await loads()).toBe(2)

    // 'newer' is now the least recently used: it makes way for 'third'.
    await visit('third')
    expect(registry.loadedRoomCount).toBe(2)
    expect(await loads()).toBe(3)
    await visit('older')
    expect(await loads()).toBe(3)
    await visit('newer')
    expect(await loads()).toBe(4)

    // The evicted room was stored: loading it again after another eviction gives its text back.
    const reader = member()
    await reader.join(registry, 'older')
    reader.requestSync()
    await waitFor(() => reader.doc.getText('t').toString() === 'kept through eviction', 'evicted room reloaded with its data')

    // Both slots now hold a room with someone in it: a third room is refused.
    const occupant = member()
    await occupant.join(registry, 'newer')
    const refused = await member()
      .join(registry, 'fourth')
      .then(() => null, (error: unknown) => error)
    expect(refused).toBeInstanceOf(LimitExceededError)
    expect((refused as LimitExceededError).kind).toBe('serverAtCapacity')
    expect(registry.loadedRoomCount).toBe(2)
  })

  it('drops a room whose write failed, closing its members with storeFailed, and loads it anew on the next join', async () => {
    const failing = failNextAppend(store)
    createRegistry({ store: failing })
    const writer = member()
    const watcher = member()
    const room = await writer.join(registry, 'failing')
    await watcher.join(registry, 'failing')
    writer.sendUpdate(textUpdate('saved'))
    await room.flush()

    failing.armed = true
    writer.sendUpdate(textUpdate('lost'))
    await room.flush()
    expect(writer.closedWith?.kind).toBe('storeFailed')
    expect(watcher.closedWith?.kind).toBe('storeFailed')
    expect(registry.loadedRoomCount).toBe(0)
    // The unstored update was never shown to anyone.
    expect(watcher.doc.getText('t').toString()).not.toContain('lost')

    const next = member()
    const reloaded = await next.join(registry, 'failing')
    expect(reloaded).not.toBe(room)
    expect(await loads()).toBe(2)
    expect(reloaded.doc.getText('t').toString()).toBe('saved')
  })
})
