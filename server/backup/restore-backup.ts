/**
 * Restores a backup (backup-format.ts) into a store, in two passes over it:
 * the first reads every line, checks the format, that the file is whole (its
 * end line and counts) and which of its documents exist already; only then,
 * and only when none exists or replacing was asked for, the second writes.
 * So a damaged or cut-off file, or one that would overwrite a document,
 * changes nothing. Memory holds one line, the ids of the documents and how
 * many versions each has.
 *
 * Each document is written as its first writer would: its creation record
 * (with the time the backup kept), its state as one record, its metadata,
 * its uploads, its versions. Creating is atomic, so a document made by
 * someone else meanwhile is never overwritten by accident.
 *
 * A version's seq is the room's highest stored seq its state holds, and the
 * recorder makes a new version only once the room's seq is past the latest
 * one's (version-recorder.ts). The restored room's records are numbered
 * anew, so its versions are too: versions 1…n, oldest first, and the state
 * at n+1 behind n empty records. Their ids change; their order, times,
 * names, authors and states do not.
 */
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import type { DocumentStore } from '../storage/document-store.ts'
import type { VersionStore } from '../storage/version-store.ts'
import { assertReadableUpdate } from '../protocol/validate-update.ts'
import { BackupFormatError, parseBodyLine, parseHeader, type DocumentLine, type HeaderLine, type UploadLine, type VersionLine } from './backup-format.ts'

export interface RestoreTarget {
  store: Pick<DocumentStore, 'roomInfo' | 'createRoom' | 'appendUpdate' | 'recordMetadata' | 'putUpload'>
  versions: Pick<VersionStore, 'addVersion' | 'deleteRoomVersions'>
  /**
   * Removes a document and its versions before it is replaced: the store's deleteRoom and the version
   * store's deleteRoomVersions, or in a running server the deletion that also closes whoever has it open.
   */
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
  versions: number
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
  const versionCounts = new Map<string, number>()
  for await (const line of backupLines(open())) {
    if (line.type === 'document') ids.push(line.id)
    else if (line.type === 'version') versionCounts.set(line.document, (versionCounts.get(line.document) ?? 0) + 1)
  }
  const existing: string[] = []
  for (const id of ids) {
    const info = await target.store.roomInfo(id)
    if (info !== null && !info.deleted) existing.push(id)
  }
  if (existing.length > 0 && !options.replace) throw new RestoreConflictError(existing)

  const replacing = new Set(existing)
  const summary = { documents: 0, uploads: 0, versions: 0, replaced: 0 }
  let header: HeaderLine | undefined
  let versionSeq = 0
  for await (const line of backupLines(open())) {
    if (line.type === 'header') header = line
    else if (line.type === 'document') {
      if (replacing.has(line.id)) {
        await target.remove(line.id)
        summary.replaced += 1
      }
      await restoreDocument(target, line, versionCounts.get(line.id) ?? 0)
      versionSeq = 0
      summary.documents += 1
      options.onProgress?.({ done: summary.documents, of: ids.length, id: line.id })
    } else if (line.type === 'upload') {
      await restoreUpload(target.store, line)
      summary.uploads += 1
    } else {
      versionSeq += 1
      await restoreVersion(target.versions, line, versionSeq)
      summary.versions += 1
    }
  }
  return { header: header!, ...summary }
}

async function restoreDocument({ store, versions }: RestoreTarget, line: DocumentLine, versionCount: number): Promise<void> {
  const state = Buffer.from(line.state, 'base64')
  // Never stored unread (DESIGN.md §7): a state Yjs' strict reader refuses would fail every load of the room.
  assertReadableUpdate(state)
  // A creation time the store never recorded is the restore's.
  if (!(await store.createRoom(line.id, line.createdAt ?? Date.now()))) {
    throw new Error(`Document ${line.id} was created by someone else during the restore: nothing of it was overwritten. Restore again with --replace to replace it.`)
  }
  // Versions of an earlier document of this id that a LevelDB store kept: the history is the backup's.
  await versions.deleteRoomVersions(line.id)
  for (let padded = 0; padded < versionCount; padded += 1) await store.appendUpdate(line.id, EMPTY_UPDATE)
  if (!isEmptyUpdate(state)) await store.appendUpdate(line.id, state)
  if (line.updatedAt !== null) {
    await store.recordMetadata(line.id, { title: line.title, updatedAt: line.updatedAt, bytes: line.bytes, writers: line.lastWriters })
  }
}

async function restoreUpload(store: RestoreTarget['store'], line: UploadLine): Promise<void> {
  await store.putUpload(line.document, line.id, { contentType: line.contentType, bytes: Buffer.from(line.bytes, 'base64') })
}

async function restoreVersion(versions: RestoreTarget['versions'], line: VersionLine, seq: number): Promise<void> {
  const { type: _type, document, state: base64State, ...info } = line
  const state = Buffer.from(base64State, 'base64')
  assertReadableUpdate(state)
  await versions.addVersion(document, { ...info, seq, state })
}

/** What Y.mergeUpdates gives for a document without records: no structs, no deletions. */
const EMPTY_UPDATE = new Uint8Array([0, 0])
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0

type Line = HeaderLine | DocumentLine | UploadLine | VersionLine

/** The backup's lines, checked: a header first, uploads and versions under the document before them, and an end line whose counts match. */
async function* backupLines(gzipped: Readable): AsyncGenerator<Line> {
  const gunzip = createGunzip()
  // pipe() does not pass a failure of the file on: without this, reading would wait forever.
  gzipped.once('error', (error) => gunzip.destroy(error))
  const lines = createInterface({ input: gzipped.pipe(gunzip), crlfDelay: Infinity })
  let lineNumber = 0
  let ended = false
  let currentDocument: string | null = null
  const counts = { documents: 0, uploads: 0, versions: 0 }
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
        if (line.documents !== counts.documents || line.uploads !== counts.uploads || line.versions !== counts.versions) {
          throw new BackupFormatError(
            `The backup's end line counts ${line.documents} documents, ${line.uploads} uploads and ${line.versions} versions, but it holds ${counts.documents}, ${counts.uploads} and ${counts.versions}: the file is damaged.`,
          )
        }
        ended = true
        continue
      }
      if (line.type === 'document') {
        currentDocument = line.id
        counts.documents += 1
      } else {
        if (line.document !== currentDocument) throw new BackupFormatError(`Line ${lineNumber} of the backup is a ${line.type} line of ${line.document} outside that document's section: the file is damaged.`)
        counts[line.type === 'upload' ? 'uploads' : 'versions'] += 1
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
