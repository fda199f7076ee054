/**
 * Writes a backup (backup-format.ts) of every document a store holds, with
 * its uploads and versions, one document at a time: memory holds one
 * document and one upload or version (and the list of its versions), whatever the
 * deployment's size. Each document is read in one snapshot (loadRoom), so its
 * state is one its members saw; documents are read one after another, so the
 * backup as a whole is not one instant (a document edited during it is in
 * it as it was when it was read).
 */
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGzip } from 'node:zlib'
import * as Y from 'yjs'
import type { DocumentStore, RoomListing } from '../storage/document-store.ts'
import type { VersionStore } from '../storage/version-store.ts'
import { BACKUP_FORMAT, BACKUP_VERSION, encodeLine } from './backup-format.ts'

export interface BackupSource {
  store: Pick<DocumentStore, 'listRooms' | 'loadRoom' | 'listUploads' | 'getUpload'>
  versions: Pick<VersionStore, 'listVersions' | 'versionState'>
}

const PAGE_SIZE = 100

export interface BackupSummary {
  documents: number
  uploads: number
  versions: number
}

/** Streams the backup, gzip'd, into `output` (a file, an HTTP response) and resolves once it is written. */
export async function writeBackup(source: BackupSource, sourceName: string, output: Writable): Promise<BackupSummary> {
  const summary: BackupSummary = { documents: 0, uploads: 0, versions: 0 }
  await pipeline(Readable.from(backupLines(source, sourceName, summary)), createGzip(), output)
  return summary
}

async function* backupLines({ store, versions }: BackupSource, sourceName: string, summary: BackupSummary): AsyncGenerator<string> {
  yield encodeLine({ type: 'header', format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: Date.now(), source: sourceName })
  for await (const page of pages(store)) {
    for (const room of page.rooms) {
      const stored = await store.loadRoom(room.id)
      // Deleted since it was listed: left out.
      if (stored.deleted) continue
      yield encodeLine({
        type: 'document',
        id: room.id,
        createdAt: room.createdAt,
        title: room.title,
        updatedAt: room.updatedAt,
        bytes: room.bytes,
        lastWriters: room.lastWriters,
        state: Buffer.from(Y.mergeUpdates(stored.updates)).toString('base64'),
      })
      summary.documents += 1
      for (const uploadId of await store.listUploads(room.id)) {
        const upload = await store.getUpload(room.id, uploadId)
        if (!upload) continue
        yield encodeLine({ type: 'upload', document: room.id, id: uploadId, contentType: upload.contentType, bytes: Buffer.from(upload.bytes).toString('base64') })
        summary.uploads += 1
      }
      // Oldest first: a restore numbers them again in this order (restore-backup.ts).
      for (const version of (await versions.listVersions(room.id)).reverse()) {
        const state = await versions.versionState(room.id, version.seq)
        // Thinned out since it was listed: left out.
        if (!state) continue
        yield encodeLine({ type: 'version', document: room.id, ...version, authors: [...version.authors], state: Buffer.from(state).toString('base64') })
        summary.versions += 1
      }
    }
  }
  yield encodeLine({ type: 'end', documents: summary.documents, uploads: summary.uploads, versions: summary.versions })
}

async function* pages(store: BackupSource['store']): AsyncGenerator<RoomListing> {
  let cursor: string | null = null
  do {
    const page: RoomListing = await store.listRooms({ limit: PAGE_SIZE, cursor })
    yield page
    cursor = page.nextCursor
  } while (cursor !== null)
}
