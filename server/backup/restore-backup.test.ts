/**
 * A backup that cannot be restored whole changes nothing: cut off, damaged,
 * not a backup, or of a newer format version, it is refused before anything
 * is written; one of format version 1 (without versions) still restores
 * (real LevelDB stores, no mocks).
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync, gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LevelStore } from '../storage/level-store.ts'
import { LevelVersionStore } from '../storage/level-version-store.ts'
import type { NewVersion } from '../storage/version-store.ts'
import { BackupFormatError } from './backup-format.ts'
import { restoreBackup } from './restore-backup.ts'
import { writeBackup } from './write-backup.ts'

let dir: string
const stores: Array<LevelStore | LevelVersionStore> = []

async function openStores(name: string): Promise<{ store: LevelStore; versions: LevelVersionStore }> {
  const store = await LevelStore.open(path.join(dir, name), { fsync: false })
  const versions = await LevelVersionStore.open(path.join(dir, name, 'versions'), { fsync: false })
  stores.push(store, versions)
  return { store, versions }
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

const versionOf = (seq: number, text: string, name: string | null): NewVersion => ({
  seq,
  createdAt: Date.UTC(2024, 0, 3, seq),
  name,
  auto: name === null,
  authors: [{ subject: 'user-1', name: 'Ana', color: '#d8381f' }],
  wordsAdded: 1,
  wordsRemoved: 0,
  state: update(text),
})
/** The first document's versions in the source, at seqs of its records there (a restore numbers them 1, 2). */
const FIRST_VERSIONS = [versionOf(7, 'fir', 'Draft'), versionOf(40, 'first', null)]

/** A backup file of two documents, the first with an upload and two versions; its path. */
async function backupOfTwo(): Promise<string> {
  const source = await openStores('source')
  for (const id of ['first', 'second']) {
    await source.store.createRoom(id, Date.UTC(2024, 0, 2))
    await source.store.appendUpdate(id, update(id))
  }
  await source.store.putUpload('first', 'f'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) })
  for (const version of FIRST_VERSIONS) await source.versions.addVersion('first', version)
  const file = path.join(dir, 'backup.ndjson.gz')
  await writeBackup(source, 'LevelDB', createWriteStream(file))
  return file
}

async function restoreInto(file: string) {
  const target = await openStores(`target-${stores.length}`)
  const restoring = restoreBackup(() => createReadStream(file), { ...target, remove: (id) => target.store.deleteRoom(id) }, { replace: false })
  return { target: target.store, versions: target.versions, restoring }
}

describe('restoring a backup', () => {
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-backup-test-'))
  })
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('restores a whole backup: documents with their creation time and content, uploads, and versions numbered below the document', async () => {
    const { target, versions, restoring } = await restoreInto(await backupOfTwo())
    expect(await restoring).toMatchObject({ documents: 2, uploads: 1, versions: 2, replaced: 0, header: { format: 'seed-backup', version: 2, source: 'LevelDB' } })
    expect(await target.roomInfo('second')).toEqual({ lastSeq: 1, createdAt: Date.UTC(2024, 0, 2) })
    // Past the latest version's seq: the next change makes a version.
    expect(await target.roomInfo('first')).toEqual({ lastSeq: 3, createdAt: Date.UTC(2024, 0, 2) })
    const [draft, latest] = FIRST_VERSIONS.map(({ state: _state, ...info }, index) => ({ ...info, seq: index + 1 }))
    expect(await versions.listVersions('first')).toEqual([latest, draft])
    expect(await versions.versionState('first', 1)).toEqual(FIRST_VERSIONS[0]!.state)
    expect(await versions.listVersions('second')).toEqual([])
    const doc = new Y.Doc()
    for (const stored of (await target.loadRoom('second')).updates) Y.applyUpdate(doc, stored)
    expect(doc.getText('t').toString()).toBe('second')
    expect(await target.getUpload('first', 'f'.repeat(64))).toEqual({ contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) })
  })

  it('restores a backup of format version 1, which has no versions', async () => {
    const file = path.join(dir, 'v1.ndjson.gz')
    const lines = [
      { type: 'header', format: 'seed-backup', version: 1, createdAt: 0, source: 'PostgreSQL' },
      { type: 'document', id: 'old', createdAt: 5, title: '', updatedAt: null, bytes: 0, lastWriters: [], state: Buffer.from(update('old')).toString('base64') },
      { type: 'end', documents: 1, uploads: 0 },
    ]
    await writeFile(file, gzipSync(lines.map((line) => `${JSON.stringify(line)}\n`).join('')))
    const { target, versions, restoring } = await restoreInto(file)
    expect(await restoring).toMatchObject({ documents: 1, uploads: 0, versions: 0, header: { version: 1 } })
    expect(await target.roomInfo('old')).toEqual({ lastSeq: 1, createdAt: 5 })
    expect(await versions.listVersions('old')).toEqual([])
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
    await writeFile(newer, gzipSync('{"type":"header","format":"seed-backup","version":3,"createdAt":0,"source":"LevelDB"}\n{"type":"end","documents":0,"uploads":0}\n'))
    await expect((await restoreInto(newer)).restoring).rejects.toThrow(/^The backup is in format version 3, newer than this Seed reads \(2\)/)
  })
})
