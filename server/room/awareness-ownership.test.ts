/**
 * Who may set which awareness client id, on a real room (LevelDB, in-process
 * bus) with recording members in place of sessions. Over real sockets:
 * server/integration/awareness.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { awarenessUpdate, nestedThenBrokenAwareness } from '../../test-support/bad-inputs.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import type { RoomSubscription } from '../bus/room-bus.ts'
import { ProtocolError } from '../errors.ts'
import { Metrics } from '../observability/metrics.ts'
import { encodeAwarenessUpdate } from '../protocol/encode-message.ts'
import { LevelStore } from '../storage/level-store.ts'
import type { Room } from './room.ts'
import { RoomRegistry } from './room-registry.ts'

const ROOM = 'owned-awareness'
const ADA = 101
const ADA_STATE = { user: { name: 'Ada', color: '#112233' } }

describe('awareness ownership in a room', () => {
  let dir: string
  let store: LevelStore
  let bus: InProcessBus
  let registry: RoomRegistry
  const members: RecordingMember[] = []

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-awareness-'))
    store = await LevelStore.open(dir, { fsync: false })
    bus = new InProcessBus()
    registry = new RoomRegistry({
      store,
      bus,
      logger: pino({ level: 'silent' }),
      metrics: new Metrics(),
      unloadGraceMs: 60_000,
      compactAfterUpdates: 500,
      maxDocumentBytes: 1 << 20,
      awarenessLimits: { maxIdsPerSession: 2, maxStateBytes: 1024 },
      maxLoadedRooms: 10,
    })
  })
  afterEach(async () => {
    await registry.unloadAll()
    for (const member of members.splice(0)) member.destroy()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function joined(subject: string | null = null, permission: 'edit' | 'view' = 'edit'): Promise<RecordingMember> {
    const member = new RecordingMember(permission, subject)
    members.push(member)
    await member.join(registry, ROOM)
    return member
  }

  /** Every change `watcher` was told about for `clientId`, in order. */
  function changesSeenBy(watcher: RecordingMember, clientId: number): string[] {
    const seen: string[] = []
    watcher.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      if (added.includes(clientId)) seen.push('added')
      if (updated.includes(clientId)) seen.push('updated')
      if (removed.includes(clientId)) seen.push('removed')
    })
    return seen
  }

  const nameSeenBy = (watcher: RecordingMember, clientId: number) => (watcher.awareness.getStates().get(clientId) as typeof ADA_STATE | undefined)?.user.name

  it('lets nobody else change or remove an id a member holds, a view-only reader included, and keeps them connected', async () => {
    const ada = await joined()
    ada.sendAwareness(ADA, ADA_STATE, 3)
    const mallory = await joined(null, 'view')
    const watcher = await joined()
    mallory.sendAwareness(ADA, { user: { name: 'Mallory' } }, 4)
    mallory.sendAwareness(ADA, null, 99)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada')
    expect(mallory.closedWith).toBeNull()
    expect([...ada.awarenessClientIds]).toEqual([ADA])
    expect(mallory.awarenessClientIds.size).toBe(0)
    ada.sendAwareness(ADA, { user: { name: 'Ada L.' } }, 4)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada L.')
  })

  it('refuses a deep state followed by broken JSON as a whole, so the room still opens for a newcomer with everyone in it', async () => {
    const ada = await joined()
    ada.sendAwareness(ADA, ADA_STATE, 1)
    const mallory = await joined()
    const room = mallory.room as Room
    expect(() => room.receive(mallory, encodeAwarenessUpdate(nestedThenBrokenAwareness([7001, 7002])))).toThrow(ProtocolError)
    expect([...room.awareness.getStates().keys()]).toEqual([ADA])
    const newcomer = await joined()
    expect(nameSeenBy(newcomer, ADA)).toBe('Ada')
  })

  it('holds at most maxIdsPerSession ids per member and drops entries for more', async () => {
    const greedy = await joined()
    const watcher = await joined()
    const room = greedy.room as Room
    room.receive(greedy, encodeAwarenessUpdate(awarenessUpdate([1, 2, 3].map((clientId) => ({ clientId, clock: 1, state: '{"user":{"name":"many"}}' })))))
    expect([...greedy.awarenessClientIds]).toEqual([1, 2])
    expect([...watcher.awareness.getStates().keys()].sort()).toEqual([1, 2])
    expect(greedy.closedWith).toBeNull()
    // Giving one back makes room for another.
    greedy.sendAwareness(2, null, 1)
    greedy.sendAwareness(3, { user: { name: 'third' } }, 1)
    expect([...greedy.awarenessClientIds].sort()).toEqual([1, 3])
  })

  it('passes an id from an old connection that is still open to the reconnect that introduces itself with it, without a gap', async () => {
    const before = await joined()
    before.sendAwareness(ADA, ADA_STATE, 5)
    const watcher = await joined()
    const seen = changesSeenBy(watcher, ADA)
    // The provider's first awareness message on its new connection: its own id, at the clock it had.
    const after = await joined()
    after.sendAwareness(ADA, ADA_STATE, 5)
    expect(before.proofsRequested).toBe(1)
    after.sendAwareness(ADA, { user: { name: 'Ada, moved' } }, 6)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada')
    // The old connection does not answer and is dropped: the id and the latest state pass on.
    before.leave(registry)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada, moved')
    expect(seen).toEqual(['updated'])
    expect([...after.awarenessClientIds]).toEqual([ADA])
    after.sendAwareness(ADA, { user: { name: 'Ada, typing' } }, 7)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada, typing')
  })

  it('shows a reconnect whose old connection already left at once, at the clock it had', async () => {
    const before = await joined()
    before.sendAwareness(ADA, ADA_STATE, 5)
    const watcher = await joined()
    before.leave(registry)
    expect(watcher.awareness.getStates().has(ADA)).toBe(false)
    const after = await joined()
    after.sendAwareness(ADA, ADA_STATE, 5)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada')
    expect([...after.awarenessClientIds]).toEqual([ADA])
  })

  it('shows a fresh stock client: its first state at clock 0 (which y-protocols ignores), then its user at clock 1', async () => {
    const fresh = await joined()
    const watcher = await joined()
    fresh.sendAwareness(ADA, {}, 0)
    fresh.sendAwareness(ADA, ADA_STATE, 1)
    expect(nameSeenBy(watcher, ADA)).toBe('Ada')
    fresh.leave(registry)
    expect(watcher.awareness.getStates().has(ADA)).toBe(false)
  })

  it("takes a stock client's echoes of other people's states as no-ops: nobody is asked for proof, and a leaver's echo brings no ghost back", async () => {
    const ada = await joined()
    ada.sendAwareness(ADA, ADA_STATE, 2)
    const grace = await joined()
    grace.sendAwareness(202, { user: { name: 'Grace' } }, 1)
    grace.sendAwareness(ADA, ADA_STATE, 2)
    expect(ada.proofsRequested).toBe(0)
    ada.leave(registry)
    grace.sendAwareness(ADA, ADA_STATE, 2)
    expect(grace.room!.awareness.getStates().has(ADA)).toBe(false)
    expect([...grace.awarenessClientIds]).toEqual([202])
  })

  it('never passes an id between two different verified people', async () => {
    const ada = await joined('ada')
    ada.sendAwareness(ADA, ADA_STATE, 1)
    const bob = await joined('bob')
    bob.sendAwareness(ADA, { user: { name: 'Bob' } }, 2)
    expect(ada.proofsRequested).toBe(0)
    ada.leave(registry)
    expect(bob.room!.awareness.getStates().has(ADA)).toBe(false)
    expect(bob.awarenessClientIds.size).toBe(0)
  })

  it('ends the wait when the holder touches its id again: it is alive, and its id goes with it', async () => {
    const ada = await joined()
    ada.sendAwareness(ADA, ADA_STATE, 1)
    const mallory = await joined()
    mallory.sendAwareness(ADA, { user: { name: 'Mallory' } }, 2)
    expect(ada.proofsRequested).toBe(1)
    ada.sendAwareness(ADA, ADA_STATE, 2)
    ada.leave(registry)
    expect(mallory.room!.awareness.getStates().has(ADA)).toBe(false)
    expect(mallory.awarenessClientIds.size).toBe(0)
  })

  describe('states relayed by another instance', () => {
    let otherInstance: RoomSubscription
    beforeEach(async () => {
      otherInstance = await bus.subscribe(ROOM, { onUpdate: () => undefined, onAwareness: () => undefined, onMissedMessages: () => undefined, onInstanceGone: () => undefined, onDeleted: () => undefined })
    })
    afterEach(() => otherInstance.unsubscribe())

    it('are checked as a whole like a member’s, and never change an id a member here holds', async () => {
      const ada = await joined()
      ada.sendAwareness(ADA, ADA_STATE, 1)
      const room = ada.room as Room
      otherInstance.publishAwareness(nestedThenBrokenAwareness([7001, 7002]))
      otherInstance.publishAwareness(awarenessUpdate([{ clientId: ADA, clock: 9, state: '{"user":{"name":"Mallory"}}' }]))
      otherInstance.publishAwareness(awarenessUpdate([{ clientId: 303, clock: 1, state: '{"user":{"name":"Remote"}}' }]))
      await waitFor(() => room.awareness.getStates().has(303), 'the valid remote state arrives')
      expect([...room.awareness.getStates().keys()].sort()).toEqual([ADA, 303])
      expect((room.awareness.getStates().get(ADA) as typeof ADA_STATE).user.name).toBe('Ada')
      const newcomer = await joined()
      expect(nameSeenBy(newcomer, 303)).toBe('Remote')
    })
  })
})
