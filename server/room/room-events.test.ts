import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import * as Y from 'yjs'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { Metrics } from '../observability/metrics.ts'
import { LevelStore } from '../storage/level-store.ts'
import { RoomEvents, type RoomEvent } from './room-events.ts'
import { RoomRegistry } from './room-registry.ts'

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

/** An event without what cannot be compared (times, the live document). */
function comparable(event: RoomEvent): object {
  if (event.type === 'created') return { type: event.type, room: event.room }
  if (event.type === 'batch') {
    const { document: _document, ...rest } = event
    return { ...rest, bytes: rest.bytes > 0 }
  }
  if (event.type === 'compacted') return { ...event, bytes: event.bytes > 0 }
  return event
}

describe('room events on a real LevelDB', () => {
  let dir: string
  let store: LevelStore
  let registry: RoomRegistry
  let seen: RoomEvent[]
  const members: RecordingMember[] = []

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-room-events-'))
    store = await LevelStore.open(dir, { fsync: false })
    const logger = pino({ level: 'silent' })
    const events = new RoomEvents(logger)
    seen = []
    events.on((event) => seen.push(event))
    const metrics: Metrics = new Metrics({ loadedRooms: () => registry.loadedRoomCount })
    registry = new RoomRegistry({ store, bus: new InProcessBus(), logger, metrics, unloadGraceMs: 0, compactAfterUpdates: 500, maxDocumentBytes: 1 << 20, maxLoadedRooms: 10, events })
  })

  afterEach(async () => {
    for (const member of members.splice(0)) member.destroy()
    await registry.unloadAll()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  function member(subject: string | null = null, name: string | null = null): RecordingMember {
    const created = new RecordingMember('edit', subject, name)
    members.push(created)
    return created
  }

  it('says created, loaded, batch (with its writers), compacted, unloaded and deleted, in that order', async () => {
    expect(registry.events).toBeInstanceOf(RoomEvents)
    expect(await registry.createRoom('life')).toBe(true)
    expect(await registry.createRoom('life')).toBe(false)
    const ann = member('user-1')
    await ann.join(registry, 'life')
    // Anonymous credentials name nobody: the name comes from the member's awareness.
    ann.sendAwareness(41, { user: { name: 'Ann', color: '#123456' } })
    ann.sendUpdate(textUpdate('hello'))
    await waitFor(() => seen.some((event) => event.type === 'batch'), 'the batch is durable')
    ann.leave(registry)
    await waitFor(() => seen.some((event) => event.type === 'unloaded'), 'the room is unloaded')
    await registry.deleteRoom('life')

    expect(seen.map(comparable)).toEqual([
      { type: 'created', room: 'life' },
      { type: 'loaded', room: 'life', lastSeq: 0 },
      { type: 'batch', room: 'life', fromSeq: 1, toSeq: 1, writers: [{ subject: 'user-1', name: 'Ann' }], bytes: true },
      { type: 'compacted', room: 'life', upToSeq: 1, bytes: true },
      { type: 'unloaded', room: 'life' },
      { type: 'deleted', room: 'life' },
    ])
    const batch = seen.find((event) => event.type === 'batch')!
    expect(batch.type === 'batch' && batch.document.doc.getText('t').toString()).toBe('hello')
  })

  it('says created at the first write of a room nobody created (a stock client in open mode), once, and names writers by their credentials first', async () => {
    const bob = member('user-2', 'Bob from the token')
    await bob.join(registry, 'open-mode')
    bob.sendAwareness(42, { user: { name: 'Bob from awareness' } })
    bob.sendUpdate(textUpdate('one'))
    await waitFor(() => seen.filter((event) => event.type === 'batch').length === 1, 'the first batch is durable')
    bob.sendUpdate(textUpdate('two'))
    await waitFor(() => seen.filter((event) => event.type === 'batch').length === 2, 'the second batch is durable')

    expect(seen.map((event) => event.type)).toEqual(['loaded', 'created', 'batch', 'batch'])
    const writers = seen.flatMap((event) => (event.type === 'batch' ? [event.writers] : []))
    expect(writers).toEqual([[{ subject: 'user-2', name: 'Bob from the token' }], [{ subject: 'user-2', name: 'Bob from the token' }]])
  })

  it('says nothing of a creation when the room had records before it was loaded', async () => {
    await store.appendUpdate('written', textUpdate('old'))
    const cat = member()
    await cat.join(registry, 'written')
    cat.sendUpdate(textUpdate('new'))
    await waitFor(() => seen.some((event) => event.type === 'batch'), 'the batch is durable')
    expect(seen.map((event) => event.type)).toEqual(['loaded', 'batch'])
    expect(seen[1]).toMatchObject({ type: 'batch', writers: [{ subject: null, name: null }] })
  })
})
