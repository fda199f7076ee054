/**
 * A backup that cannot be restored whole changes nothing: cut off, damaged,
 * not a backup, or of a newer format version, it is refused before anything
 * is written (real LevelDB stores, no mocks).
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LevelStore } from '../storage/level-store.ts'
import { BackupFormatError } from './backup-format.ts'
import { restoreBackup } from './restore-backup.ts'
import { writeBackup } from './write-backup.ts'

let dir: string
const stores: LevelStore[] = []

async function openStore(name: string): Promise<LevelStore> {
  const store = await LevelStore.open(path.join(dir, name), { fsync: false })
  stores.push(store)
  return store
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

/** A backup file of two documents, one with an upload; its path. */
async function backupOfTwo(): Promise<string> {
  const source = await openStore('source')
  for (const id of ['first', 'second']) {
    await source.createRoom(id, Date.UTC(2024, 0, 2))
    await source.appendUpdate(id, update(id))
  }
  await source.putUpload('first', 'f'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) })
  const file = path.join(dir, 'backup.ndjson.gz')
  await writeBackup(source, 'LevelDB', createWriteStream(file))
  return file
}

async function restoreInto(file: string) {
  const target = await openStore(`target-${stores.length}`)
  const restoring = restoreBackup(() => createReadStream(file), { store: target, remove: (id) => target.deleteRoom(id) }, { replace: false })
  return { target, restoring }
}

describe('restoring a backup', () => {
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-backup-test-'))
  })
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('restores a whole backup: documents with their creation time and content, and uploads', async () => {
    const { target, restoring } = await restoreInto(await backupOfTwo())
    expect(await restoring).toMatchObject({ documents: 2, uploads: 1, replaced: 0, header: { format: 'seed-backup', version: 1, source: 'LevelDB' } })
    expect(await target.roomInfo('second')).toEqual({ lastSeq: 1, createdAt: Date.UTC(2024, 0, 2) })
    const doc = new Y.Doc()
    for (const stored of (await target.loadRoom('second')).updates) Y.applyUpdate(doc, stored)
    expect(doc.getText('t').toString()).toBe('second')
    expect(await target.getUpload('first', 'f'.repeat(64))).toEqual({ contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) })
  })

  it('writes nothing from a backup cut off before its end line', async () => {
    const file = await backupOfTwo()
    const lines = gunzipSync(await readFile(file)).toString('utf8').split('\n')
    // Whole lines up to the second document: what a copy that stopped there holds.
    await writeFile(file, gzipSync(lines.slice(0, 3).join('\n')))
    const { target, restoring } = await restoreInto(file)
    await expect(restoring).rejects.toThrow(new BackupFormatError('The backup has no end line: it was cut off (a backup that did not finish, or a partial copy).'))
    expect((await target.listRooms({ limit: 10, cursor: null })).rooms).toEqual([])
  })

  it('writes nothing from a gzip stream cut off half way', async () => {
    const file = await backupOfTwo()
    const bytes = await readFile(file)
    await writeFile(file, bytes.subarray(0, bytes.length - 20))
    const { target, restoring } = await restoreInto(file)
    await expect(restoring).rejects.toThrow(BackupFormatError)
    expect((await target.listRooms({ limit: 10, cursor: null })).rooms).toEqual([])
  })

  it('fails, instead of waiting, when the file cannot be read', async () => {
    await expect((await restoreInto(path.join(dir, 'missing.gz'))).restoring).rejects.toThrow(/ENOENT/)
  })

  it('refuses a file that is not a backup, and one of a newer format version, in a sentence', async () => {
    const notOne = path.join(dir, 'not-a-backup.gz')
    await writeFile(notOne, gzipSync('{"hello":"world"}\n'))
    await expect((await restoreInto(notOne)).restoring).rejects.toThrow('This is not a Seed backup: its first line does not say "format":"seed-backup".')
    const newer = path.join(dir, 'newer.gz')
    await writeFile(newer, gzipSync('{"type":"header","format":"seed-backup","version":2,"createdAt":0,"source":"LevelDB"}\n{"type":"end","documents":0,"uploads":0}\n'))
    await expect((await restoreInto(newer)).restoring).rejects.toThrow(/^The backup is in format version 2, newer than this Seed reads \(1\)/)
  })
})
