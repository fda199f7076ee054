import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { forwardingStore } from '../../test-support/forwarding-store.ts'
import type { StoreWriteError } from '../errors.ts'
import { LevelStore } from '../storage/level-store.ts'
import { RoomLog, type RoomLogOptions } from './room-log.ts'

/** Resolves once `condition` holds, checking after each event-loop turn (for at most 5 s). */
async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s')
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function itemsOf(updates: Uint8Array[]): number[] {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getArray<number>('n').toArray()
}

describe('RoomLog on a real LevelDB', () => {
  let dir: string
  let store: LevelStore
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-room-log-'))
    store = await LevelStore.open(dir, { fsync: false })
  })
  afterEach(async () => {
    await store.close().catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  })

  /** A document whose every update goes to a fresh log of `roomId`, as a Room does. */
  function loggedDoc(roomId: string, options: Partial<RoomLogOptions> = {}) {
    const doc = new Y.Doc()
    const failures: StoreWriteError[] = []
    const written: number[] = []
    const log = new RoomLog({
      store,
      roomId,
      loaded: { records: 0, lastSeq: 0 },
      compactAfterUpdates: 500,
      snapshot: () => Y.encodeStateAsUpdate(doc),
      onBatchWritten: ({ seq }) => written.push(seq),
      onWriteFailure: (error) => failures.push(error),
      onCompacted: () => undefined,
      ...options,
    })
    // As in a Room: what came from another writer is not logged again.
    // The origin names the writer: a string is a person's name.
    doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && log.append(update, { subject: null, name: typeof origin === 'string' ? origin : null }))
    return { doc, log, failures, written, items: doc.getArray<number>('n') }
  }

  it('keeps the record count bounded while a room stays open', async () => {
    const { log, items } = loggedDoc('busy', { compactAfterUpdates: 10 })
    let maxRecords = 0
    for (let i = 0; i < 100; i++) {
      items.push([i])
      await log.flush()
      maxRecords = Math.max(maxRecords, (await store.loadRoom('busy')).updates.length)
    }
    // The bound plus up to half of it (drawn per room), plus the record that crossed it.
    expect(maxRecords).toBeLessThanOrEqual(15)

    // Under constant load (the queue never empties) the count stays under twice the bound.
    maxRecords = 0
    for (let i = 100; i < 300; i++) {
      items.push([i])
      if (i % 3 === 0) maxRecords = Math.max(maxRecords, (await store.loadRoom('busy')).updates.length)
    }
    await log.flush()
    expect(maxRecords).toBeGreaterThan(0)
    expect(maxRecords).toBeLessThanOrEqual(21)

    await store.close()
    store = await LevelStore.open(dir, { fsync: false })
    const updates = (await store.loadRoom('busy')).updates
    expect(updates.length).toBeLessThanOrEqual(21)
    expect(itemsOf(updates)).toEqual(Array.from({ length: 300 }, (_, i) => i))
  })

  it('writes one merged record per batch and runs effects only once what came before is durable', async () => {
    const { log, items, written } = loggedDoc('batched')
    const seen: string[] = []
    items.push([1])
    log.afterDurable(() => seen.push('after 1'))
    items.push([2])
    items.push([3])
    log.afterDurable(() => seen.push('after 3'))
    expect(seen).toEqual([])
    await log.flush()
    expect(seen).toEqual(['after 1', 'after 3'])
    // The first update is written alone (nothing was in flight); the next two form one batch.
    expect(written).toEqual([1, 2])
    expect(itemsOf((await store.loadRoom('batched')).updates)).toEqual([1, 2, 3])
  })

  it('compacts beside its appends: a slow compaction holds back no write and no broadcast, and only one runs at a time', async () => {
    let compactions = 0
    let overlapping = false
    let releaseFirst: () => void = () => undefined
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve))
    // The real store; the first compaction is held until the test lets it go.
    const recorded = forwardingStore(store, {
      compactRoom: async (roomId, merged, upToSeq) => {
        overlapping ||= compactions > 0
        compactions += 1
        try {
          if (compactions === 1) await firstHeld
          await store.compactRoom(roomId, merged, upToSeq)
        } finally {
          compactions -= 1
        }
      },
    })
    const { log, items, written } = loggedDoc('compacting-beside', { store: recorded, compactAfterUpdates: 3 })
    for (let i = 0; i < 5; i++) {
      items.push([i])
      await waitUntil(() => written.length === i + 1)
    }
    // The first compaction started after the fourth record and is held; writes and their effects go on.
    expect(compactions).toBe(1)
    const broadcasts: number[] = []
    for (let i = 5; i < 40; i++) {
      items.push([i])
      log.afterDurable(() => broadcasts.push(i))
      await new Promise((resolve) => setImmediate(resolve))
    }
    await waitUntil(() => broadcasts.length === 35)
    expect(written.length).toBeGreaterThan(10)
    expect(compactions).toBe(1)
    releaseFirst()
    await log.compact()
    expect(overlapping).toBe(false)
    const stored = await store.loadRoom('compacting-beside')
    expect(stored.updates).toHaveLength(1)
    expect(itemsOf(stored.updates)).toEqual(Array.from({ length: 40 }, (_, i) => i))
  })

  it('compacts only up to the seq through which it applied every record, keeping another writer’s later ones', async () => {
    const mine = loggedDoc('shared')
    mine.items.push([1])
    await mine.log.flush()
    // Another writer appends seq 2, which this log has not heard of yet.
    const theirs = new Y.Doc()
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine.doc))
    const before = Y.encodeStateVector(theirs)
    theirs.getArray<number>('n').push([2])
    const theirUpdate = Y.encodeStateAsUpdate(theirs, before)
    expect(await store.appendUpdate('shared', theirUpdate)).toBe(2)
    mine.items.push([3])
    await mine.log.flush()
    expect(mine.written).toEqual([1, 3])

    await mine.log.compact()
    // Up to seq 1 only: seq 2 is not in this document, so it must stay.
    let stored = await store.loadRoom('shared')
    expect(stored.updates).toHaveLength(3)
    expect(itemsOf(stored.updates).sort()).toEqual([1, 2, 3])

    Y.applyUpdate(mine.doc, theirUpdate, 'remote')
    mine.log.noteRemoteRecord(2)
    await mine.log.compact()
    stored = await store.loadRoom('shared')
    expect(stored.updates).toHaveLength(1)
    expect(stored.lastSeq).toBe(3)
    expect(itemsOf(stored.updates).sort()).toEqual([1, 2, 3])
  })

  it('surfaces a failed write instead of swallowing it, and writes and runs nothing after it', async () => {
    const { log, items, failures, written } = loggedDoc('doomed')
    // A closed LevelDB refuses writes: a real failure of the real store.
    await store.close()
    let broadcast = false
    items.push([1])
    log.afterDurable(() => {
      broadcast = true
    })
    await log.flush()
    items.push([2])
    await log.compact()
    expect(failures).toHaveLength(1)
    expect(failures[0]!.message).toMatch(/Could not store an update of room "doomed"/)
    expect(failures[0]!.cause).toBeInstanceOf(Error)
    expect(broadcast).toBe(false)
    expect(written).toEqual([])
  })

  it('rejects a wait for durability when the write fails, so a server write never waits forever', async () => {
    const { log, items } = loggedDoc('doomed-wait')
    await store.close()
    items.push([1])
    await expect(log.whenDurable()).rejects.toThrow(/Could not store an update of room "doomed-wait"/)
    await expect(log.whenDurable()).rejects.toThrow(/Could not store/)
  })

  it('names each batch’s writers once, in the order they first wrote, and reports each compaction', async () => {
    const batches: Array<{ seq: number; writers: Array<string | null> }> = []
    const compactions: Array<{ upToSeq: number; bytes: number }> = []
    const { doc, log, items } = loggedDoc('writers', {
      onBatchWritten: ({ seq, writers }) => batches.push({ seq, writers: writers.map((writer) => writer.name) }),
      onCompacted: (compaction) => compactions.push(compaction),
    })
    for (const name of ['Ann', 'Bob', 'Ann', 'Ann', 'Bob']) doc.transact(() => items.push([1]), name)
    await log.flush()
    doc.transact(() => items.push([2]), 'Cat')
    await log.compact()
    expect(batches).toEqual([
      { seq: 1, writers: ['Ann'] },
      { seq: 2, writers: ['Bob', 'Ann'] },
      { seq: 3, writers: ['Cat'] },
    ])
    expect(compactions).toEqual([{ upToSeq: 3, bytes: Y.encodeStateAsUpdate(doc).byteLength }])
  })
})
