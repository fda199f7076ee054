/**
 * Two instances serving one room: two RoomRegistry objects in one process
 * sharing one real LevelStore and one InProcessBus, as two servers would
 * share Postgres and Redis.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { editorFor, metricValue, registryInstance, type RegistryInstance } from '../../test-support/registry-instance.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import { LevelStore } from '../storage/level-store.ts'
import { InProcessBus } from './in-process-bus.ts'

describe('two instances sharing a store and a bus', () => {
  let dir: string
  let store: LevelStore
  let bus: InProcessBus
  let instances: RegistryInstance[]
  const members: RecordingMember[] = []

  function instance(): RoomRegistry {
    return instanceWithMetrics().registry
  }

  function instanceWithMetrics(): RegistryInstance {
    const created = registryInstance(store, bus)
    instances.push(created)
    return created
  }

  function member(): RecordingMember {
    const created = new RecordingMember()
    members.push(created)
    return created
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-two-instances-'))
    store = await LevelStore.open(dir, { fsync: false })
    bus = new InProcessBus()
    instances = []
  })
  afterEach(async () => {
    for (const { registry } of instances) await registry.unloadAll()
    for (const created of members.splice(0)) created.destroy()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('relays each instance’s updates to the other’s members and stores each one exactly once', async () => {
    const [one, two] = [instance(), instance()]
    const ann = member()
    const bob = member()
    const roomOne = await ann.join(one, 'shared')
    const roomTwo = await bob.join(two, 'shared')
    const annEditor = editorFor(ann)
    const bobEditor = editorFor(bob)

    for (let i = 0; i < 5; i++) {
      annEditor.text.insert(annEditor.text.length, `a${i} `)
      await roomOne.flush()
      bobEditor.text.insert(0, `b${i} `)
      await roomTwo.flush()
    }
    await waitFor(() => bob.doc.getText('t').toString().includes('a4'), 'ann’s edits reached bob')
    await waitFor(() => ann.doc.getText('t').toString().includes('b4'), 'bob’s edits reached ann')

    // Ten edits, each flushed on its own: ten records. A bus update stored again would make more.
    const stored = await store.loadRoom('shared')
    expect(stored.updates).toHaveLength(10)
    expect(stored.lastSeq).toBe(10)
    // Nothing came back to its author, and nothing arrived twice.
    expect(ann.updatesReceived).toHaveLength(5)
    expect(bob.updatesReceived).toHaveLength(5)

    // Both rooms hold the same document, and so does the store.
    const fromStore = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(fromStore, update)
    expect(roomOne.doc.getText('t').toString()).toBe(roomTwo.doc.getText('t').toString())
    expect(fromStore.getText('t').toString()).toBe(roomOne.doc.getText('t').toString())
  })

  it('keeps the other instance’s records when one compacts on unload, and a fresh instance loads everything', async () => {
    const [one, two] = [instance(), instance()]
    const ann = member()
    const bob = member()
    const roomOne = await ann.join(one, 'compacted')
    await bob.join(two, 'compacted')
    const annEditor = editorFor(ann)
    const bobEditor = editorFor(bob)
    annEditor.text.insert(0, 'one ')
    bobEditor.text.insert(0, 'two ')
    await waitFor(() => roomOne.doc.getText('t').length === 8, 'both edits in instance one')

    bob.leave(two)
    await two.unloadAll()
    annEditor.text.insert(0, 'after ')
    await roomOne.flush()

    const late = member()
    const third = instance()
    await late.join(third, 'compacted')
    late.requestSync()
    await waitFor(() => late.doc.getText('t').length === 14, 'a fresh instance loads every edit')
    expect(late.doc.getText('t').toString()).toBe(roomOne.doc.getText('t').toString())
  })

  it('shares awareness across instances, and removes a caret everywhere when its member leaves', async () => {
    const [one, two] = [instance(), instance()]
    const ann = member()
    const bob = member()
    await ann.join(one, 'carets')
    await bob.join(two, 'carets')

    ann.sendAwareness(4242, { user: { name: 'Ann', color: '#336699' } })
    await waitFor(() => bob.awareness.getStates().has(4242), 'ann’s caret reached bob')
    expect(bob.awareness.getStates().get(4242)).toEqual({ user: { name: 'Ann', color: '#336699' } })
    // Bob's instance relays it but did not take it as coming from bob.
    expect(bob.awarenessClientIds.size).toBe(0)

    ann.leave(one)
    await waitFor(() => !bob.awareness.getStates().has(4242), 'ann’s caret gone for bob')
  })

  it('reads a record whose message never came from the store once its seq stays missing', async () => {
    const one = instanceWithMetrics()
    const two = instanceWithMetrics()
    const ann = member()
    const bob = member()
    const roomOne = await ann.join(one.registry, 'gap')
    await bob.join(two.registry, 'gap')
    const annEditor = editorFor(ann)
    annEditor.text.insert(0, 'first ')
    await waitFor(() => bob.doc.getText('t').toString() === 'first ', 'the first edit reached bob')

    // A third writer stores a record and dies before publishing it: nobody hears of it.
    const lost = new Y.Doc()
    Y.applyUpdate(lost, Y.encodeStateAsUpdate(bob.doc))
    lost.getText('t').insert(0, 'lost ')
    await store.appendUpdate('gap', Y.encodeStateAsUpdate(lost, Y.encodeStateVector(bob.doc)))
    // The next published record shows its seq missing, on both instances.
    annEditor.text.insert(annEditor.text.length, 'last')
    await waitFor(() => bob.doc.getText('t').toString().includes('last'), 'the next edit reached bob')

    await waitFor(() => bob.doc.getText('t').toString() === 'lost first last', 'bob got the record nobody published')
    await waitFor(() => roomOne.doc.getText('t').toString() === 'lost first last', 'ann’s instance got it too')
    expect(await metricValue(two.metrics, 'seed_bus_gaps_healed_total', { reason: 'gap' })).toBe(1)
    expect(await metricValue(one.metrics, 'seed_bus_gaps_healed_total', { reason: 'gap' })).toBe(1)
  })
})
