/**
 * Restores a backup (backup-format.ts) into a store, in two passes over it:
 * the first reads every line, checks the format, that the file is whole (its
 * end line and counts) and which of its documents exist already; only then,
 * and only when none exists or replacing was asked for, the second writes.
 * So a damaged or cut-off file, or one that would overwrite a document,
 * changes nothing. Memory holds one line and the ids of the documents.
 *
 * Each document is written as its first writer would: its creation record
 * (with the time the backup kept), its state as one record, its metadata,
 * its uploads. Creating is atomic, so a document made by someone else
 * meanwhile is never overwritten by accident.
 */
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { DocumentStore } from '../storage/document-store.ts'
import { assertReadableUpdate } from '../protocol/validate-update.ts'
import { BackupFormatError, parseBodyLine, parseHeader, type DocumentLine, type HeaderLine, type UploadLine } from './backup-format.ts'

export interface RestoreTarget {
  store: Pick<DocumentStore, 'roomInfo' | 'createRoom' | 'appendUpdate' | 'recordMetadata' | 'putUpload'>
  /** Removes a document before it is replaced: the store's deleteRoom, or in a running server the one that also closes whoever has it open. */
  remove(id: string): Promise<void>
}

export interface RestoreOptions {
  /** Replace documents that exist; without it, their existence refuses the whole restore. */
  replace: boolean
  /** After each document, with how many of how many are done. */
  onProgress?: (progress: RestoreProgress) => void
}

export interface RestoreProgress {
  done: number
  of: number
  id: string
}

export interface RestoreSummary {
  header: HeaderLine
  documents: number
  uploads: number
  replaced: number
}

/** Some documents of the backup exist and replacing was not asked for. */
export class RestoreConflictError extends Error {
  override readonly name = 'RestoreConflictError'
  constructor(readonly existing: string[]) {
    const named = existing.slice(0, 5).join(', ')
    super(
      `${existing.length} document(s) of the backup exist already (${named}${existing.length > 5 ? ', …' : ''}): nothing was restored; ` +
        'restore with --replace to overwrite them, or into an empty store.',
    )
  }
}

/** `open` gives the gzip'd backup from its start, once per pass. */
export async function restoreBackup(open: () => Readable, target: RestoreTarget, options: RestoreOptions): Promise<RestoreSummary> {
  const ids: string[] = []
  for await (const line of backupLines(open())) if (line.type === 'document') ids.push(line.id)
  const existing: string[] = []
  for (const id of ids) {
    const info = await target.store.roomInfo(id)
    if (info !== null && !info.deleted) existing.push(id)
  }
  if (existing.length > 0 && !options.replace) throw new RestoreConflictError(existing)

  const replacing = new Set(existing)
  const summary = { documents: 0, uploads: 0, replaced: 0 }
  let header: HeaderLine | undefined
  for await (const line of backupLines(open())) {
    if (line.type === 'header') header = line
    else if (line.type === 'document') {
      if (replacing.has(line.id)) {
        await target.remove(line.id)
        summary.replaced += 1
      }
      await restoreDocument(target.store, line)
      summary.documents += 1
      options.onProgress?.({ done: summary.documents, of: ids.length, id: line.id })
    } else if (line.type === 'upload') {
      await restoreUpload(target.store, line)
      summary.uploads += 1
    }
  }
  return { header: header!, ...summary }
}

async function restoreDocument(store: RestoreTarget['store'], line: DocumentLine): Promise<void> {
  const state = Buffer.from(line.state, 'base64')
  // Never stored unread (DESIGN.md §7): a state Yjs' strict reader refuses would fail every load of the room.
  assertReadableUpdate(state)
  // A creation time the store never recorded is the restore's.
  if (!(await store.createRoom(line.id, line.createdAt ?? Date.now()))) {
    throw new Error(`Document ${line.id} was created by someone else during the restore: nothing of it was overwritten. Restore again with --replace to replace it.`)
  }
  if (!isEmptyUpdate(state)) await store.appendUpdate(line.id, state)
  if (line.updatedAt !== null) {
    await store.recordMetadata(line.id, { title: line.title, updatedAt: line.updatedAt, bytes: line.bytes, writers: line.lastWriters })
  }
}

async function restoreUpload(store: RestoreTarget['store'], line: UploadLine): Promise<void> {
  await store.putUpload(line.document, line.id, { contentType: line.contentType, bytes: Buffer.from(line.bytes, 'base64') })
}

/** What Y.mergeUpdates gives for a document without records: no structs, no deletions. */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0

type Line = HeaderLine | DocumentLine | UploadLine

/** The backup's lines, checked: a header first, uploads under the document before them, and an end line whose counts match. */
async function* backupLines(gzipped: Readable): AsyncGenerator<Line> {
  const gunzip = createGunzip()
  // pipe() does not pass a failure of the file on: without this, reading would wait forever.
  gzipped.once('error', (error) => gunzip.destroy(error))
  const lines = createInterface({ input: gzipped.pipe(gunzip), crlfDelay: Infinity })
  let lineNumber = 0
  let ended = false
  let currentDocument: string | null = null
  const counts = { documents: 0, uploads: 0 }
  try {
    for await (const text of lines) {
      lineNumber += 1
      if (lineNumber === 1) {
        yield parseHeader(text)
        continue
      }
      if (ended) throw new BackupFormatError(`Line ${lineNumber} of the backup follows its end line: the file is damaged.`)
      const line = parseBodyLine(text, lineNumber)
      if (line.type === 'end') {
        if (line.documents !== counts.documents || line.uploads !== counts.uploads) {
          throw new BackupFormatError(`The backup's end line counts ${line.documents} documents and ${line.uploads} uploads, but it holds ${counts.documents} and ${counts.uploads}: the file is damaged.`)
        }
        ended = true
        continue
      }
      if (line.type === 'document') {
        currentDocument = line.id
        counts.documents += 1
      } else {
        if (line.document !== currentDocument) throw new BackupFormatError(`Line ${lineNumber} of the backup is an upload of ${line.document} outside that document's section: the file is damaged.`)
        counts.uploads += 1
      }
      yield line
    }
  } catch (error) {
    // zlib's own words for a cut-off or corrupted stream say little to an operator.
    if (error instanceof BackupFormatError) throw error
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new BackupFormatError('The backup is not a gzip file, or it is cut off or damaged.')
    throw error
  } finally {
    lines.close()
  }
  if (lineNumber === 0) parseHeader(undefined)
  if (!ended) throw new BackupFormatError('The backup has no end line: it was cut off (a backup that did not finish, or a partial copy).')
}
