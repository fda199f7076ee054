import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { registryInstance } from '../../test-support/registry-instance.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { LimitExceededError, ProtocolError, RoomDeletedError } from '../errors.ts'
import { LevelStore } from '../storage/level-store.ts'
import type { Writer } from '../storage/document-store.ts'
import type { RoomEvent } from './room-events.ts'
import type { RoomRegistry } from './room-registry.ts'

const API: Writer = { subject: 'api-key:ci', name: null }

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

describe('server changes and deletion on a real LevelDB', () => {
  let dir: string
  let store: LevelStore
  let bus: InProcessBus
  const registries: RoomRegistry[] = []
  const members: RecordingMember[] = []

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-server-changes-'))
    store = await LevelStore.open(dir, { fsync: false })
    bus = new InProcessBus()
  })

  afterEach(async () => {
    for (const member of members.splice(0)) member.destroy()
    for (const registry of registries.splice(0)) await registry.unloadAll()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  function instance(options: { maxDocumentBytes?: number; maxLoadedRooms?: number } = {}): RoomRegistry {
    const { registry } = registryInstance(store, bus, options)
    registries.push(registry)
    return registry
  }

  function member(): RecordingMember {
    const created = new RecordingMember()
    members.push(created)
    return created
  }

  it('changes a room as a member would: stored before it resolves, sent to every member, attributed to its writer', async () => {
    const registry = instance()
    const batches: RoomEvent[] = []
    registry.events.on((event) => event.type === 'batch' && batches.push(event))
    const ann = member()
    await ann.join(registry, 'doc')
    await registry.withRoom('doc', (room) => room.applyServerChange((doc) => doc.getText('t').insert(0, 'from the server'), API))

    expect(textOf((await store.loadRoom('doc')).updates)).toBe('from the server')
    await waitFor(() => ann.doc.getText('t').toString() === 'from the server', 'the member has the change')
    expect(batches).toMatchObject([{ type: 'batch', room: 'doc', writers: [API] }])
  })

  it('writes to a room nobody has open: stored, there at the next load, and the room let go afterwards', async () => {
    const registry = instance()
    await registry.withRoom('cold', (room) => room.applyServerUpdate(Y.encodeStateAsUpdate(docWith('written cold')), API))
    await registry.unloadAll()

    const later = instance()
    const bob = member()
    await bob.join(later, 'cold')
    bob.requestSync()
    await waitFor(() => bob.doc.getText('t').toString() === 'written cold', 'the next load has the write')
  })

  it('holds the room while the change runs: it is not unloaded to make space', async () => {
    const registry = instance({ maxLoadedRooms: 1 })
    await registry.withRoom('held', async () => {
      await expect(member().join(registry, 'other')).rejects.toThrow(LimitExceededError)
    })
    // Let go afterwards, like a member leaving: now it makes space.
    await member().join(registry, 'other')
  })

  it('refuses a change past the document size limit and an update Yjs’ strict reader refuses, changing nothing', async () => {
    const registry = instance({ maxDocumentBytes: 1000 })
    await registry.withRoom('limited', async (room) => {
      await expect(room.applyServerChange((doc) => doc.getText('t').insert(0, 'x'.repeat(2000)), API)).rejects.toThrow(LimitExceededError)
      await expect(room.applyServerUpdate(new Uint8Array([255, 255, 255]), API)).rejects.toThrow(ProtocolError)
      expect(room.doc.getText('t').toString()).toBe('')
    })
    expect((await store.loadRoom('limited')).updates).toEqual([])
  })

  it('deletes a room: its members on every instance are closed as deleted, and nobody may open it again', async () => {
    const [here, there] = [instance(), instance()]
    const [ann, bob] = [member(), member()]
    await ann.join(here, 'gone')
    await bob.join(there, 'gone')
    ann.sendUpdate(Y.encodeStateAsUpdate(docWith('soon gone')))
    await waitFor(() => bob.doc.getText('t').toString() === 'soon gone', 'the other instance has the text')
    const events: RoomEvent['type'][] = []
    here.events.on((event) => events.push(event.type))

    await here.deleteRoom('gone')
    expect(ann.closedWith).toEqual({ kind: 'documentDeleted', message: 'This document was deleted' })
    await waitFor(() => bob.closedWith !== null, 'the other instance closed its member')
    expect(bob.closedWith?.kind).toBe('documentDeleted')
    expect(events).toEqual(['unloaded', 'deleted'])
    expect(await store.roomInfo('gone')).toMatchObject({ deleted: true })

    // An offline copy reconnecting, on either instance, cannot bring it back.
    await expect(member().join(here, 'gone')).rejects.toThrow(RoomDeletedError)
    await expect(member().join(there, 'gone')).rejects.toThrow(RoomDeletedError)
    await here.deleteRoom('gone')
    await here.deleteRoom('never-existed')
  })
})

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}
