/**
 * Updates whose dependencies the room does not have yet wait in Yjs' pending
 * store, emit no 'update' event, and are still served by encodeStateAsUpdate:
 * the room must store them before anyone can receive them, and count them
 * toward the document size limit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import * as Y from 'yjs'
import { RecordingMember } from '../../test-support/recording-member.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { LimitExceededError } from '../errors.ts'
import { Metrics } from '../observability/metrics.ts'
import { LevelStore } from '../storage/level-store.ts'
import { RoomRegistry } from './room-registry.ts'

/** An edit made on top of `base`, sent without `base`: its dependencies are missing. */
function editOnTopOf(base: Y.Doc, edit: (text: Y.Text) => void): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  edit(doc.getText('t'))
  return Y.encodeStateAsUpdate(doc, before)
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

describe('updates with missing dependencies', () => {
  let dir: string
  let store: LevelStore
  let registry: RoomRegistry
  const members: RecordingMember[] = []
  let base: Y.Doc

  async function joined(roomId: string, maxDocumentBytes = 1 << 20): Promise<RecordingMember> {
    registry ??= new RoomRegistry({
      store,
      bus: new InProcessBus(),
      logger: pino({ level: 'silent' }),
      metrics: new Metrics(),
      unloadGraceMs: 60_000,
      compactAfterUpdates: 500,
      maxDocumentBytes,
      maxLoadedRooms: 10,
    })
    const member = new RecordingMember()
    members.push(member)
    await member.join(registry, roomId)
    return member
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-pending-'))
    store = await LevelStore.open(dir, { fsync: false })
    base = new Y.Doc()
    base.getText('t').insert(0, 'base')
  })
  afterEach(async () => {
    await registry?.unloadAll()
    registry = undefined as unknown as RoomRegistry
    for (const member of members.splice(0)) member.destroy()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('stores an insertion and a deletion that wait for missing items before a syncing client can receive them', async () => {
    const writer = await joined('pending')
    const insertion = editOnTopOf(base, (text) => text.insert(4, ' and more'))
    const deletion = editOnTopOf(base, (text) => text.delete(0, 2))
    writer.sendUpdate(insertion)
    writer.sendUpdate(deletion)
    const room = writer.room!
    expect(room.doc.store.pendingStructs).not.toBeNull()
    expect(room.doc.store.pendingDs).not.toBeNull()

    // A client syncing now is served the pending content, so it must be stored by the time the reply leaves.
    const reader = await joined('pending')
    reader.requestSync()
    await room.flush()
    expect(reader.updatesReceived.length).toBeGreaterThan(0)
    const stored = (await store.loadRoom('pending')).updates
    expect(stored.length).toBeGreaterThan(0)
    // With the missing base, what is stored yields the edits.
    expect(textOf([Y.encodeStateAsUpdate(base), ...stored])).toBe('se and more')
  })

  it('stores what is pending as Yjs encodes it, never the bytes the client sent', async () => {
    const writer = await joined('re-encoded')
    // Trailing bytes no Yjs reader looks at: the update applies, and its bytes differ from any encoding Yjs writes.
    const sent = Uint8Array.from([...editOnTopOf(base, (text) => text.insert(4, '!')), 0xff, 0xff])
    writer.sendUpdate(sent)
    await writer.room!.flush()
    const stored = (await store.loadRoom('re-encoded')).updates
    expect(stored.length).toBeGreaterThan(0)
    for (const record of stored) expect(Array.from(record)).not.toEqual(Array.from(sent))
    expect(textOf([Y.encodeStateAsUpdate(base), ...stored])).toBe('base!')
  })

  it('counts pending bytes toward the document size limit', async () => {
    const limit = 8 * 1024
    const writer = await joined('pending-size', limit)
    const chunk = 'x'.repeat(2 * 1024)
    let sent = 0
    let refused: unknown = null
    for (let i = 0; i < 10 && !refused; i++) {
      try {
        writer.sendUpdate(editOnTopOf(base, (text) => text.insert(4, chunk)))
        sent += 1
      } catch (error) {
        refused = error
      }
    }
    expect(refused).toBeInstanceOf(LimitExceededError)
    expect((refused as LimitExceededError).kind).toBe('documentTooLarge')
    expect(sent).toBeLessThanOrEqual(4)
  })
})
