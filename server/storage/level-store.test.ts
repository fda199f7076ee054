import { describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { readdir } from 'node:fs/promises'
import { decoderDisagreementUpdate } from '../../test-support/bad-inputs.ts'
import { describeStoreContract } from '../../test-support/store-contract.ts'
import { ClassicLevel } from 'classic-level'
import { AppendLog } from './append-log.ts'
import { encodeUploadRecord, uploadKey } from './level-upload-records.ts'
import { LevelStore } from './level-store.ts'
import { LeveldbPersistence } from './y-leveldb-reference.ts'

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'seed-store-'))
}

function docFrom(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

describeStoreContract('LevelStore on a real LevelDB', async () => {
  const dir = await tempDir()
  return {
    open: () => LevelStore.open(dir, { fsync: false }),
    // LevelDB is opened by one process: every writer of a directory is the same store object.
    otherWriter: async (store) => store,
    dispose: () => rm(dir, { recursive: true, force: true }),
  }
})

describe('LevelStore upload sizes', () => {
  it('counts uploads stored before the size index by their own bytes', async () => {
    const dir = await tempDir()
    try {
      const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
      await db.put(uploadKey('album', 'a'.repeat(64)), encodeUploadRecord({ contentType: 'image/png', bytes: new Uint8Array(700) }))
      await db.close()
      const store = await LevelStore.open(dir, { fsync: false })
      await store.putUpload('album', 'b'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(50) })
      expect(await store.uploadBytes('album')).toBe(750)
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('LevelStore and y-leveldb share one data directory', () => {
  it('opens a data directory written by y-leveldb (the reference server), and y-leveldb reads ours', async () => {
    const dir = await tempDir()
    try {
      const reference = new LeveldbPersistence(dir)
      const source = new Y.Doc()
      source.getText('t').insert(0, 'written by y-leveldb')
      await reference.storeUpdate('legacy', Y.encodeStateAsUpdate(source))
      await reference.destroy()

      const store = await LevelStore.open(dir, { fsync: false })
      const stored = await store.loadRoom('legacy')
      expect(stored.lastSeq).toBe(1)
      const loaded = docFrom(stored.updates)
      expect(loaded.getText('t').toString()).toBe('written by y-leveldb')
      loaded.getText('t').insert(0, '+seed ')
      await store.compactRoom('legacy', Y.encodeStateAsUpdate(loaded), stored.lastSeq)
      const fresh = new Y.Doc()
      fresh.getText('t').insert(0, 'only appended by Seed')
      expect(await store.appendUpdate('seed-only', Y.encodeStateAsUpdate(fresh))).toBe(1)
      // Uploads live outside y-leveldb's key spaces: it lists no document for them and reads no record of them.
      await store.putUpload('legacy', 'd'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([1, 2]) })
      await store.putUpload('uploads-only', 'e'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([3]) })
      await store.close()

      const again = new LeveldbPersistence(dir)
      expect((await again.getYDoc('legacy')).getText('t').toString()).toBe('+seed written by y-leveldb')
      expect((await again.getYDoc('seed-only')).getText('t').toString()).toBe('only appended by Seed')
      expect((await again.getAllDocNames()).sort()).toEqual(['legacy', 'seed-only'])
      await again.destroy()
      // A clean close leaves no append log behind: the directory is plain LevelDB.
      expect((await readdir(dir)).filter((name) => name.endsWith('.seedlog'))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

/** Text updates "a", "b", … of one document, each on top of the ones before. */
function textUpdates(count: number): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getText('t').insert(i, String.fromCharCode(97 + i))
  return updates
}

/** Logs records as a process would before LevelDB got them, then "crashes" (closes the files without deleting them). */
function logWithoutLevel(dir: string, records: { roomId: string; seq: number; update: Uint8Array }[]): Promise<unknown> {
  const { log } = AppendLog.open(dir, { fsync: false })
  return Promise.all(records.map((record) => log.append(record))).finally(() => log.close({ keepFiles: true }))
}

describe('LevelStore replays its append log after a crash', () => {
  it('puts the logged records LevelDB never got, skips the ones it has, and deletes the log', async () => {
    const dir = await tempDir()
    try {
      const updates = textUpdates(4)
      const first = await LevelStore.open(dir, { fsync: false })
      expect(await first.appendUpdate('notes', updates[0]!)).toBe(1)
      expect(await first.appendUpdate('notes', updates[1]!)).toBe(2)
      await first.close()
      const other = textUpdates(1)[0]!
      await logWithoutLevel(dir, [
        { roomId: 'notes', seq: 2, update: updates[1]! },
        { roomId: 'notes', seq: 3, update: updates[2]! },
        { roomId: 'other', seq: 1, update: other },
        { roomId: 'notes', seq: 4, update: updates[3]! },
      ])

      const reopened = await LevelStore.open(dir, { fsync: false })
      expect(reopened.recovery).toEqual({ replayedRecords: 3, droppedBytes: 0 })
      const notes = await reopened.loadRoom('notes')
      expect(notes.lastSeq).toBe(4)
      expect(notes.updates).toHaveLength(4)
      expect(docFrom(notes.updates).getText('t').toString()).toBe('abcd')
      expect((await reopened.loadRoom('other')).lastSeq).toBe(1)
      expect(await reopened.appendUpdate('notes', textUpdates(1)[0]!)).toBe(5)
      expect((await readdir(dir)).filter((name) => name.endsWith('.seedlog'))).toHaveLength(1)
      await reopened.close()
      expect((await readdir(dir)).filter((name) => name.endsWith('.seedlog'))).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('starts when a logged record cannot be read, and loading sets it aside', async () => {
    const dir = await tempDir()
    try {
      const updates = textUpdates(2)
      await logWithoutLevel(dir, [
        { roomId: 'damaged', seq: 1, update: decoderDisagreementUpdate() },
        { roomId: 'damaged', seq: 2, update: updates[0]! },
        { roomId: 'intact', seq: 1, update: updates[1]! },
      ])

      const reopened = await LevelStore.open(dir, { fsync: false })
      expect(reopened.recovery.replayedRecords).toBe(3)
      const damaged = await reopened.loadRoom('damaged')
      expect(damaged.setAside.map((record) => record.seq)).toEqual([1])
      expect(docFrom(damaged.updates).getText('t').toString()).toBe('a')
      expect((await reopened.loadRoom('intact')).updates).toHaveLength(1)
      await reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('does not bring back records a compaction replaced', async () => {
    const dir = await tempDir()
    try {
      const updates = textUpdates(4)
      const store = await LevelStore.open(dir, { fsync: false })
      for (const update of updates.slice(0, 3)) await store.appendUpdate('notes', update)
      await store.compactRoom('notes', Y.encodeStateAsUpdate(docFrom(updates.slice(0, 3))), 3)
      await store.close()
      await logWithoutLevel(
        dir,
        updates.map((update, index) => ({ roomId: 'notes', seq: index + 1, update })),
      )

      const reopened = await LevelStore.open(dir, { fsync: false })
      const notes = await reopened.loadRoom('notes')
      expect(notes.updates).toHaveLength(2)
      expect(notes.lastSeq).toBe(4)
      expect(docFrom(notes.updates).getText('t').toString()).toBe('abcd')
      await reopened.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('knows a room as soon as an append of it was asked for, before LevelDB has the record', async () => {
    const dir = await tempDir()
    try {
      const store = await LevelStore.open(dir, { fsync: false })
      // Another room's 3000 records ahead in LevelDB's queue (one batch of 256 at a time): this room's record lands well after its append resolved.
      const ahead = textUpdates(3000).map((update) => store.appendUpdate('busy', update))
      const appended = store.appendUpdate('first-write', textUpdates(1)[0]!)
      const info = store.roomInfo('first-write')
      expect(await info).toMatchObject({ lastSeq: 1 })
      expect(await appended).toBe(1)
      await Promise.all(ahead)
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('answers reads with what is logged even while LevelDB is still writing it', async () => {
    const dir = await tempDir()
    try {
      const store = await LevelStore.open(dir, { fsync: false })
      const updates = textUpdates(50)
      // Appended and at once read back, without waiting for anything in between.
      const seqs = await Promise.all(updates.map((update) => store.appendUpdate('busy', update)))
      const [loaded, info] = await Promise.all([store.loadRoom('busy'), store.roomInfo('busy')])
      expect(seqs.at(-1)).toBe(50)
      expect(loaded.lastSeq).toBe(50)
      expect(info).toMatchObject({ lastSeq: 50 })
      expect(docFrom(loaded.updates).getText('t').toString()).toHaveLength(50)
      await store.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
