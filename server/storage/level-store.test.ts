import { describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { describeStoreContract } from '../../test-support/store-contract.ts'
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
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
