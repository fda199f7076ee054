/**
 * POST /api/rooms: creates a room on the server, so that its link opens for
 * anyone at once, before its first keystroke. The answer is 201
 * `CreatedRoomResponse` (with the room's edit and view tokens in links mode).
 *
 * The body is empty (the server names the room) or JSON `{ "id": "<room>" }`
 * (the client named it: open mode names rooms on the device, so a document
 * started offline is created under its own id once the device is online);
 * 409 when that id exists already (created or written). The same rule as
 * issue 19's POST /api/v1/documents (`id?`, 409), which can share the store's
 * `createRoom`.
 *
 * Who may create: anyone in open mode; anyone in links mode, where the server
 * names the room (an id of the client's would tell anyone without a token, by
 * a 409, which rooms exist) and the creator receives its links; in jwt mode
 * only the bearer of a token that lets it edit the named room (the embedding
 * application names rooms in its tokens). Links mode takes an id under the
 * same rule as jwt mode: with a token that lets its bearer edit that very
 * room, which the server signed when it created the room. That is how a
 * device restores a deleted document from its copy under its old links
 * (creating clears the store's tombstone); nobody else can.
 *
 * Import: a body of `text/markdown` or `text/html` (at most MAX_IMPORT_BYTES,
 * UTF-8) becomes the new document's content, through the documents layer
 * (DocumentService.create: stored and converted like any document write);
 * the server names the room, and `?title=` (the file's name, which the app
 * sends when the content has no heading) becomes its title. Content the
 * schema cannot take is a 400 with the reason, and nothing is created.
 *
 * The creation record is the store's (DocumentStore.createRoom): the room's
 * creation time, which the coming metadata store (created, updated, title…)
 * builds on. Every attempt that passes the Origin check counts toward
 * ROOMS_CREATED_PER_MINUTE_PER_IP for its client address; past it, 429 with a
 * sentence and Retry-After.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiError, CreatedRoomResponse } from '../../shared/access-api.ts'
import { checkRoomId, createRoomId } from '../../shared/room-id.ts'
import type { AccessControl } from '../admission/access-control.ts'
import type { Admission } from '../admission/admission.ts'
import type { OriginPolicy } from '../admission/origin-policy.ts'
import type { AddressRateLimit } from '../limits/address-rate-limit.ts'
import type { CloseReason } from '../close-reason.ts'
import type { DocumentService } from '../documents/document-service.ts'
import { InvalidContentError } from '../errors.ts'
import { formatBytes } from '../web/format-bytes.ts'
import { mediaTypeOf } from '../web/negotiation.ts'
import { bearerToken, readBody, type BodyReading } from '../web/request.ts'
import { sendJson, sendRefusal } from '../web/response.ts'

/** `{"id": "<64 characters>"}` and some whitespace fit many times over. */
const MAX_BODY_BYTES = 1024
/** A file name is short; a longer title is not one the app sent. */
const MAX_TITLE_LENGTH = 200
/** The content types an import may have, and the format each is converted from. */
const IMPORT_FORMATS: Readonly<Record<string, 'markdown' | 'html'>> = { 'text/markdown': 'markdown', 'text/html': 'html' }
/** Who imported a file: the app's creation endpoint names no one (anyone may create in open and links mode). */
const IMPORTER = { subject: null, name: null } as const

export interface RoomCreationOptions {
  access: AccessControl
  admission: Admission
  origins: OriginPolicy
  /** Counts creation attempts per client address. */
  creationLimit: AddressRateLimit
  /** The client address of a request (TRUST_PROXY), as admission reads it. */
  clientAddress: (request: IncomingMessage) => string
  /** Writes the room's creation record; false when the room exists already. */
  createRoomRecord: (roomId: string) => Promise<boolean>
  /** Creates a room with content (an import); null when the room exists already. */
  createDocument: DocumentService['create']
  /** Bytes an imported file may have (MAX_IMPORT_BYTES). */
  maxImportBytes: number
  /** A creation was refused by the rate limit (a metric). */
  onLimitHit: () => void
}

export function createRoomCreationRoute(options: RoomCreationOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { access, admission, origins, creationLimit } = options
  return async (request, response) => {
    const wrongOrigin = origins.check(request.headers)
    if (wrongOrigin) return sendRefusal(response, wrongOrigin)
    const verdict = creationLimit.take(options.clientAddress(request))
    if (!verdict.allowed) {
      request.resume()
      options.onLimitHit()
      response.setHeader('Retry-After', String(verdict.retryAfterSeconds))
      sendJson(response, 429, {
        error: `Too many new documents from your address; try again in ${verdict.retryAfterSeconds} s`,
      } satisfies ApiError)
      return
    }
    const importFormat = IMPORT_FORMATS[mediaTypeOf(request.headers['content-type']) ?? '']
    if (importFormat !== undefined) return importDocument(request, response, importFormat)
    const reading = await readBody(request, MAX_BODY_BYTES)
    // The client went away before its body ended: nobody waits for an answer.
    if (reading.kind === 'aborted') return
    const body = requestedId(reading)
    if ('refused' in body) return sendRefusal(response, body.refused)
    const named = await roomToCreate(request, body.id)
    if ('refused' in named) return sendRefusal(response, named.refused)
    if (!(await options.createRoomRecord(named.roomId))) {
      sendJson(response, 409, { error: `A document with the id ${named.roomId} exists already: open it, or create one without naming it` } satisfies ApiError)
      return
    }
    sendJson(response, 201, { room: named.roomId, ...(await access.creatorTokens(named.roomId)) } satisfies CreatedRoomResponse)
  }

  /** A new document from a Markdown or HTML file; the server names it (see the header). */
  async function importDocument(request: IncomingMessage, response: ServerResponse, format: 'markdown' | 'html'): Promise<void> {
    const reading = await readBody(request, options.maxImportBytes)
    if (reading.kind === 'aborted') return
    const title = requestedTitle(request)
    if (typeof title === 'object' && title !== null) return sendRefusal(response, title.refused)
    if (reading.kind !== 'body') {
      return sendRefusal(response, { kind: 'uploadTooLarge', message: `The file is too large to import: at most ${formatBytes(options.maxImportBytes)}` })
    }
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(reading.body)
    } catch {
      return sendRefusal(response, { kind: 'badRequest', message: 'The file is not UTF-8 text: save it as UTF-8 and import it again' })
    }
    const named = await roomToCreate(request, null)
    if ('refused' in named) return sendRefusal(response, named.refused)
    let created: Awaited<ReturnType<DocumentService['create']>>
    try {
      created = await options.createDocument({ id: named.roomId, content: { format, value: text }, writer: IMPORTER, ...(title === null ? {} : { title }) })
    } catch (error) {
      if (error instanceof InvalidContentError) return sendRefusal(response, { kind: 'badRequest', message: error.message })
      throw error
    }
    if (created === null) {
      sendJson(response, 409, { error: `A document with the id ${named.roomId} exists already: import the file again` } satisfies ApiError)
      return
    }
    sendJson(response, 201, { room: named.roomId, ...(await access.creatorTokens(named.roomId)) } satisfies CreatedRoomResponse)
  }

  /** The room the request may create: the server's choice or the client's, as the mode allows (see the header). */
  async function roomToCreate(request: IncomingMessage, id: string | null): Promise<{ roomId: string } | { refused: CloseReason }> {
    if (id === null) {
      if (access.createdBy === 'anyone') return { roomId: createRoomId() }
      return {
        refused: {
          kind: 'forbidden',
          message: 'Documents are named by the application that embeds Seed (AUTH_MODE=jwt): send {"id": "<room>"} with its token that lets you edit that room',
        },
      }
    }
    if (access.mode === 'open') return { roomId: id }
    const token = bearerToken(request)
    if (token === null && access.mode === 'links') {
      return {
        refused: {
          kind: 'badRequest',
          message: 'In links mode the server names new documents: send no id (naming one, to restore a deleted document, needs its edit link’s token)',
        },
      }
    }
    if (token === undefined) return { refused: { kind: 'badRequest', message: 'The Authorization header must be "Bearer <token>"' } }
    const checked = await admission.check({ roomId: id, socketAddress: request.socket.remoteAddress ?? 'unknown', headers: request.headers, token })
    if (!checked.admitted) return { refused: checked.reason }
    if (checked.grant.permission !== 'edit') {
      return { refused: { kind: 'forbidden', message: 'This token only lets you read this document; creating it needs a token that lets you edit it' } }
    }
    return { roomId: id }
  }
}

/** The id the client asked for (null for none), from an empty body or JSON `{ "id": "<room>" }`. */
function requestedId(reading: Exclude<BodyReading, { kind: 'aborted' }>): { id: string | null } | { refused: CloseReason } {
  if (reading.kind !== 'body') {
    return { refused: { kind: 'badRequest', message: `The body must be empty or JSON {"id": "<room>"} (at most ${MAX_BODY_BYTES} bytes)` } }
  }
  const text = reading.body.toString('utf8').trim()
  if (text === '') return { id: null }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { refused: { kind: 'badRequest', message: 'The body is not JSON: send nothing, or {"id": "<room>"}' } }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { refused: { kind: 'badRequest', message: 'The body must be a JSON object: {"id": "<room>"}' } }
  }
  const { id } = body as { id?: unknown }
  if (id === undefined) return { id: null }
  if (typeof id !== 'string') return { refused: { kind: 'badRequest', message: 'The id must be a string' } }
  const check = checkRoomId(id)
  return check.ok ? { id: check.roomId } : { refused: { kind: 'badRequest', message: check.reason } }
}

/** `?title=` of an import, trimmed; null for none. */
function requestedTitle(request: IncomingMessage): string | null | { refused: CloseReason } {
  const title = new URL(request.url ?? '/', 'http://api.invalid').searchParams.get('title')?.trim()
  if (!title) return null
  if (title.length > MAX_TITLE_LENGTH) return { refused: { kind: 'badRequest', message: `The title must be at most ${MAX_TITLE_LENGTH} characters` } }
  return title
}
