/**
 * Writes a backup (backup-format.ts) of every document a store holds, one
 * document at a time: memory holds one document and one upload, whatever the
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
import { BACKUP_FORMAT, BACKUP_VERSION, encodeLine } from './backup-format.ts'

type BackupSource = Pick<DocumentStore, 'listRooms' | 'loadRoom' | 'listUploads' | 'getUpload'>

const PAGE_SIZE = 100

export interface BackupSummary {
  documents: number
  uploads: number
}

/** Streams the backup, gzip'd, into `output` (a file, an HTTP response) and resolves once it is written. */
export async function writeBackup(store: BackupSource, sourceName: string, output: Writable): Promise<BackupSummary> {
  const summary: BackupSummary = { documents: 0, uploads: 0 }
  await pipeline(Readable.from(backupLines(store, sourceName, summary)), createGzip(), output)
  return summary
}

async function* backupLines(store: BackupSource, sourceName: string, summary: BackupSummary): AsyncGenerator<string> {
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
      // The versions section goes here: the document's versions, once a VersionStore keeps them (format version 2).
    }
  }
  yield encodeLine({ type: 'end', documents: summary.documents, uploads: summary.uploads })
}

async function* pages(store: BackupSource): AsyncGenerator<RoomListing> {
  let cursor: string | null = null
  do {
    const page: RoomListing = await store.listRooms({ limit: PAGE_SIZE, cursor })
    yield page
    cursor = page.nextCursor
  } while (cursor !== null)
}
