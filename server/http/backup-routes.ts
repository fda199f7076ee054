/**
 * GET /api/v1/backup and POST /api/v1/restore (scope admin): what `seed backup
 * --server` and `seed restore --server` call, so that a running instance is
 * backed up and restored by the process that holds its store (LevelDB lets
 * one process open a data directory). The format is server/backup/backup-format.ts.
 *
 * A restore's body is spooled to a temporary file first: the restore reads it
 * twice (checks everything, then writes), and a cut-off upload changes
 * nothing. Its answer is NDJSON, one line per restored document
 * ({ done, of, id }) and a last line { restored: { documents, uploads, versions, replaced } }
 * or { error }; a refusal before anything was written (not a backup, damaged,
 * documents that exist without ?replace=1) is a plain JSON error with its status.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { BACKUP_MEDIA_TYPE, BackupFormatError } from '../backup/backup-format.ts'
import { RestoreConflictError, type RestoreOptions, type RestoreSummary } from '../backup/restore-backup.ts'
import type { BackupSummary } from '../backup/write-backup.ts'
import { mediaTypeOf } from '../web/negotiation.ts'
import { sendRefusal } from '../web/response.ts'
import type { ApiCall } from './documents-api.ts'

export interface Backups {
  /** Streams a backup of every document, with its uploads and versions, into `output`. */
  write(output: Writable): Promise<BackupSummary>
  /** Restores the backup `open` reads (once per pass), replacing existing documents only when asked. */
  restore(open: () => Readable, options: RestoreOptions): Promise<RestoreSummary>
}

export async function backupDocuments({ response, options }: ApiCall): Promise<void> {
  const date = new Date().toISOString().replace(/[:.]/g, '-')
  response.writeHead(200, {
    'Content-Type': BACKUP_MEDIA_TYPE,
    'Content-Disposition': `attachment; filename="seed-backup-${date}.ndjson.gz"`,
    'Cache-Control': 'no-store',
  })
  // A failure half way destroys the response: the client sees it cut off, and the file lacks its end line.
  await options.backups.write(response)
}

export async function restoreDocuments({ request, response, url, options }: ApiCall): Promise<void> {
  const type = mediaTypeOf(request.headers['content-type'])
  if (type !== BACKUP_MEDIA_TYPE) {
    return void sendRefusal(response, { kind: 'unsupportedMediaType', message: `Send the backup file as it is, with Content-Type ${BACKUP_MEDIA_TYPE}` })
  }
  const spool = await mkdtemp(path.join(tmpdir(), 'seed-restore-'))
  try {
    const file = path.join(spool, 'backup.ndjson.gz')
    await pipeline(request, createWriteStream(file))
    let answering = false
    const line = (value: object) => {
      if (!answering) response.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' })
      answering = true
      response.write(`${JSON.stringify(value)}\n`)
    }
    try {
      const { documents, uploads, versions, replaced } = await options.backups.restore(() => createReadStream(file), {
        replace: url.searchParams.get('replace') === '1',
        onProgress: (progress) => line(progress),
      })
      line({ restored: { documents, uploads, versions, replaced } })
    } catch (error) {
      if (answering) {
        options.logger.error({ err: error }, 'restore failed half way')
        line({ error: error instanceof Error ? error.message : String(error) })
      }
      else if (error instanceof RestoreConflictError) return void sendRefusal(response, { kind: 'conflict', message: error.message }, { existing: error.existing.length })
      else if (error instanceof BackupFormatError) return void sendRefusal(response, { kind: 'badRequest', message: error.message })
      else throw error
    }
    response.end()
  } finally {
    await rm(spool, { recursive: true, force: true })
  }
}
