/**
 * Seed's backup format, version 2: what `seed backup` writes, `seed restore`
 * reads and GET /api/v1/backup streams. A gzip'd stream of JSON lines (NDJSON),
 * one object per line, binary as base64:
 *
 *   {"type":"header","format":"seed-backup","version":2,"createdAt":<ms>,"source":"LevelDB"|"PostgreSQL"}
 *   per document, in id order:
 *     {"type":"document","id","createdAt","title","updatedAt","bytes","lastWriters","state":<base64 Yjs update>}
 *     {"type":"upload","document","id","contentType","bytes":<base64>}      one per upload of that document
 *     {"type":"version","document","seq","createdAt","name","auto","authors","wordsAdded","wordsRemoved","state":<base64>}
 *                                                                      one per version of that document, oldest first
 *   {"type":"end","documents":<n>,"uploads":<n>,"versions":<n>}
 *
 * `state` is the document's stored records merged into one Yjs update, so a
 * backup is independent of the backend and of how often a room was compacted.
 * The end line makes a cut-off file detectable: a restore checks it, and the
 * counts, before it writes anything. Readers refuse another format or a
 * newer version instead of guessing. Version 1 is version 2 without versions
 * (no version lines, no count of them): it is still read.
 */
import { z } from 'zod'
import { checkRoomId } from '../../shared/room-id.ts'

export const BACKUP_FORMAT = 'seed-backup'
export const BACKUP_VERSION = 2
/** What GET /api/v1/backup answers with and POST /api/v1/restore takes. */
export const BACKUP_MEDIA_TYPE = 'application/x-seed-backup+gzip'

const roomId = z.string().refine((id) => checkRoomId(id).ok, 'is not a valid document id')
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64')
const time = z.number().int().nonnegative()

const headerLine = z.object({
  type: z.literal('header'),
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  createdAt: time,
  source: z.string(),
})

const documentLine = z.object({
  type: z.literal('document'),
  id: roomId,
  createdAt: time.nullable(),
  title: z.string(),
  updatedAt: time.nullable(),
  bytes: z.number().int().nonnegative(),
  lastWriters: z.array(z.object({ subject: z.string().nullable(), name: z.string().nullable() })),
  state: base64,
})

const uploadLine = z.object({
  type: z.literal('upload'),
  document: roomId,
  id: z.string().min(1).max(128),
  contentType: z.string().min(1),
  bytes: base64,
})

const count = z.number().int().nonnegative()

const versionLine = z.object({
  type: z.literal('version'),
  document: roomId,
  seq: count,
  createdAt: time,
  name: z.string().nullable(),
  auto: z.boolean(),
  authors: z.array(z.object({ subject: z.string().nullable(), name: z.string().nullable(), color: z.string().optional() })),
  wordsAdded: count,
  wordsRemoved: count,
  state: base64,
})

const endLine = z.object({
  type: z.literal('end'),
  documents: count,
  uploads: count,
  // A version 1 backup holds none.
  versions: count.default(0),
})

export type HeaderLine = z.infer<typeof headerLine>
export type DocumentLine = z.infer<typeof documentLine>
export type UploadLine = z.infer<typeof uploadLine>
export type VersionLine = z.infer<typeof versionLine>
export type EndLine = z.infer<typeof endLine>
export type BackupLine = HeaderLine | DocumentLine | UploadLine | VersionLine | EndLine

const bodyLine = z.discriminatedUnion('type', [documentLine, uploadLine, versionLine, endLine])

/** A backup that cannot be restored: not one, a newer version, cut off or damaged. Its message says which line and what. */
export class BackupFormatError extends Error {
  override readonly name = 'BackupFormatError'
}

export const encodeLine = (line: BackupLine): string => `${JSON.stringify(line)}\n`

export function parseHeader(text: string | undefined): HeaderLine {
  if (text === undefined) throw new BackupFormatError('The backup is empty: it has no header line.')
  const json = parseJson(text, 1)
  if ((json as { format?: unknown } | null)?.format !== BACKUP_FORMAT) throw new BackupFormatError(`This is not a Seed backup: its first line does not say "format":"${BACKUP_FORMAT}".`)
  const header = headerLine.safeParse(json)
  if (!header.success) throw new BackupFormatError(`The backup's header line is damaged: ${describeIssue(header.error)}.`)
  if (header.data.version > BACKUP_VERSION) {
    throw new BackupFormatError(`The backup is in format version ${header.data.version}, newer than this Seed reads (${BACKUP_VERSION}): restore it with the Seed that wrote it, or a newer one.`)
  }
  return header.data
}

/** A line after the header; `lineNumber` counts from 1 (the header) for the messages. */
export function parseBodyLine(text: string, lineNumber: number): DocumentLine | UploadLine | VersionLine | EndLine {
  const line = bodyLine.safeParse(parseJson(text, lineNumber))
  if (!line.success) throw new BackupFormatError(`Line ${lineNumber} of the backup is damaged: ${describeIssue(line.error)}.`)
  return line.data
}

function parseJson(text: string, lineNumber: number): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new BackupFormatError(`Line ${lineNumber} of the backup is not JSON: the file is damaged or cut off.`)
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!
  return `${issue.path.join('.') || 'the line'} ${issue.message}`
}
