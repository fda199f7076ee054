/**
 * What the commands act on: a deployment's documents, reached either through
 * its store (local-deployment.ts: the LevelDB directory or PostgreSQL
 * database the configuration names) or through a running server
 * (remote-deployment.ts: --server URL with an admin API key). The commands
 * are written once against this.
 */
import type { Writable } from 'node:stream'
import type { ReadFormat } from '../documents/document-service.ts'
import type { RestoreProgress } from '../backup/restore-backup.ts'

export interface DocumentRow {
  id: string
  title: string
  createdAt: number | null
  updatedAt: number | null
  bytes: number
}

export interface RestoreResult {
  documents: number
  uploads: number
  versions: number
  replaced: number
}

export interface Deployment {
  /** One page of documents in id order; `nextCursor` null after the last. */
  list(cursor: string | null): Promise<{ documents: DocumentRow[]; nextCursor: string | null }>
  /** The document's content in `format`; null when there is no such document. */
  export(id: string, format: ReadFormat): Promise<Uint8Array | null>
  /** Deletes the document and its versions (its tombstone keeps it deleted); false when there was none. */
  delete(id: string): Promise<boolean>
  /** Streams a backup (server/backup/backup-format.ts) into `output`. */
  backup(output: Writable): Promise<void>
  /** Restores the backup file; refuses (RestoreConflictError) documents that exist unless `replace`. */
  restore(file: string, options: { replace: boolean; onProgress: (progress: RestoreProgress) => void }): Promise<RestoreResult>
  close(): Promise<void>
}
