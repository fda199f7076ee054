import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { DurableUpdateLog } from '../room/durable-update-log.ts'
import type { StoreWriteError } from '../errors.ts'
import { LevelStore } from './level-store.ts'
import { LeveldbPersistence } from './y-leveldb-reference.ts'

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

describe('LevelStore on a real LevelDB', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-store-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('appends and loads updates in order, per room', async () => {
    const store = await LevelStore.open(dir, { fsync: false })
    const doc = new Y.Doc()
    doc.on('update', (update: Uint8Array) => void store.appendUpdate('room-a', update))
    doc.getText('t').insert(0, 'hello')
    doc.getText('t').insert(5, ' world')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await store.appendUpdate('room-b', Y.encodeStateAsUpdate(new Y.Doc()))
    await store.close()

    const reopened = await LevelStore.open(dir, { fsync: false })
    const updates = await reopened.loadRoom('room-a')
    expect(updates).toHaveLength(2)
    expect(docFrom(updates).getText('t').toString()).toBe('hello world')
    expect(await reopened.loadRoom('room-b')).toHaveLength(1)
    expect(await reopened.loadRoom('unknown')).toEqual([])
    await reopened.close()
  })

  it('opens a data directory written by y-leveldb (the reference server), and y-leveldb reads ours', async () => {
    const reference = new LeveldbPersistence(dir)
    const source = new Y.Doc()
    source.getText('t').insert(0, 'written by y-leveldb')
    await reference.storeUpdate('legacy', Y.encodeStateAsUpdate(source))
    await reference.destroy()

    const store = await LevelStore.open(dir, { fsync: false })
    const loaded = docFrom(await store.loadRoom('legacy'))
    expect(loaded.getText('t').toString()).toBe('written by y-leveldb')
    loaded.getText('t').insert(0, '+seed ')
    await store.compactRoom('legacy', Y.encodeStateAsUpdate(loaded), Y.encodeStateVector(loaded))
    await store.close()

    const again = new LeveldbPersistence(dir)
    expect((await again.getYDoc('legacy')).getText('t').toString()).toBe('+seed written by y-leveldb')
    expect(await again.getAllDocNames()).toContain('legacy')
    await again.destroy()
  })

  it('keeps the record count bounded while a room stays open', async () => {
    const store = await LevelStore.open(dir, { fsync: false })
    await store.loadRoom('busy')
    const doc = new Y.Doc()
    const log = new DurableUpdateLog({
      store,
      roomId: 'busy',
      compactAfterUpdates: 10,
      snapshot: () => ({ update: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }),
      onWriteFailure: (error) => {
        throw error
      },
    })
    doc.on('update', (update: Uint8Array) => log.append(update))
    let maxRecords = 0
    for (let i = 0; i < 100; i++) {
      doc.getArray<number>('n').push([i])
      await log.flush()
      maxRecords = Math.max(maxRecords, store.storedUpdateCount('busy'))
    }
    expect(maxRecords).toBeLessThanOrEqual(11)

    // Under constant load (the queue never empties) the count stays under twice the bound.
    maxRecords = 0
    for (let i = 100; i < 300; i++) {
      doc.getArray<number>('n').push([i])
      maxRecords = Math.max(maxRecords, store.storedUpdateCount('busy'))
      if (i % 3 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await log.flush()
    expect(maxRecords).toBeLessThanOrEqual(21)
    await store.close()

    const reopened = await LevelStore.open(dir, { fsync: false })
    const updates = await reopened.loadRoom('busy')
    expect(updates.length).toBeLessThanOrEqual(21)
    expect(docFrom(updates).getArray<number>('n').toArray()).toEqual(Array.from({ length: 300 }, (_, i) => i))
    await reopened.close()
  })

  it('surfaces a failed write instead of swallowing it, and runs no effect after it', async () => {
    const store = await LevelStore.open(dir, { fsync: false })
    await store.loadRoom('doomed')
    const failures: StoreWriteError[] = []
    const doc = new Y.Doc()
    const log = new DurableUpdateLog({
      store,
      roomId: 'doomed',
      compactAfterUpdates: 500,
      snapshot: () => ({ update: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }),
      onWriteFailure: (error) => failures.push(error),
    })
    // A closed LevelDB refuses writes: a real failure of the real store.
    await store.close()
    let broadcast = false
    log.append(Y.encodeStateAsUpdate(doc))
    log.afterDurable(() => {
      broadcast = true
    })
    await log.flush()
    expect(failures).toHaveLength(1)
    expect(failures[0]!.message).toMatch(/Could not store an update of room "doomed"/)
    expect(failures[0]!.cause).toBeInstanceOf(Error)
    expect(broadcast).toBe(false)
  })
})
