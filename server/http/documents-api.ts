/**
 * The document API under /api/v1 (README "API"; described as OpenAPI 3.1 by
 * openapi.ts, served at /api/v1/openapi.json): one route table, each route
 * with the scope it needs. Every refusal is JSON `{ error: <a sentence> }`.
 * A server-to-server API: it sends no CORS headers, so browser pages of other
 * origins cannot call it (and a room token sent from one is refused by the
 * admission step's Origin check).
 *
 * Callers are API keys or room tokens (server/admission/api-credentials.ts).
 * In open mode a room token means nothing (anyone may open any room), so
 * only an API key opens the API there: open mode lets anyone edit a room
 * whose id they know, not list every room. The version routes are the app's
 * history panel too: in open mode a request without credentials may call
 * them for its one document, as anyone may open it there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { z } from 'zod'
import { checkRoomId } from '../../shared/room-id.ts'
import type { AccessControl } from '../admission/access-control.ts'
import type { Admission } from '../admission/admission.ts'
import { callerMay, writerOf, type ApiCaller, type ApiCredentials, type ApiScope } from '../admission/api-credentials.ts'
import type { CloseReason } from '../close-reason.ts'
import type { ContentInput, DocumentService, DocumentSummary, ProseMirrorJson, ReadFormat, WriteFormat } from '../documents/document-service.ts'
import type { VersionHistory } from '../documents/version-history.ts'
import type { VersionInfo } from '../storage/version-store.ts'
import { versionView } from '../documents/version-view.ts'
import { InvalidContentError, SessionEndingError } from '../errors.ts'
import { DocumentDeletedError } from '../storage/store-errors.ts'
import { mediaTypeOf, noneMatchHits, preferredMediaType } from '../web/negotiation.ts'
import { bearerToken, readBody } from '../web/request.ts'
import { sendJson, sendRefusal } from '../web/response.ts'
import { matchRoute, type TableRoute } from '../web/route-table.ts'
import type { RouteHandler } from '../web/route-handler.ts'
import { OPENAPI_DOCUMENT } from './openapi.ts'

export const API_V1 = '/api/v1'

export interface DocumentsApiOptions {
  documents: DocumentService
  /** The documents' versions (README "Version history"). */
  versions: Pick<VersionHistory, 'list' | 'read' | 'save' | 'restore'>
  credentials: ApiCredentials
  access: Pick<AccessControl, 'mode'>
  admission: Pick<Admission, 'check'>
  /** Recent webhook delivery attempts, newest first (GET /api/v1/webhooks/deliveries). */
  listWebhookDeliveries: (limit: number) => Promise<readonly object[]>
  /** The largest body a request may send (MAX_DOCUMENT_BYTES); more is refused with 413. */
  maxBodyBytes: number
  logger: Logger
}

/** One request to a route, its caller checked. */
interface ApiCall {
  request: IncomingMessage
  response: ServerResponse
  url: URL
  /** The document id of the path, checked against the room-id rule; null for routes without one. */
  id: string | null
  /** The path's parameters as matched (percent-decoded), `id` among them. */
  params: Record<string, string>
  caller: ApiCaller | null
  options: DocumentsApiOptions
}

export interface ApiRoute extends TableRoute {
  /** What the caller needs; null: anyone (the OpenAPI document). */
  readonly scope: ApiScope | null
  /** A room token for the document in `{id}` may call it (within its permission). */
  readonly roomTokens: boolean
  /** In open mode, a request without Authorization may call it for the document in `{id}`, as the app does (anyone may open any room there). */
  readonly openRoom?: true
  handle(call: ApiCall): Promise<void>
}

const DOCUMENTS = `${API_V1}/documents`
const DOCUMENT = `${DOCUMENTS}/{id}`
const VERSIONS = `${DOCUMENT}/versions`
const VERSION = `${VERSIONS}/{version}`
const DEFAULT_PAGE_SIZE = 100
const MAX_PAGE_SIZE = 1000
const MAX_VERSION_NAME_LENGTH = 200

/** How each read format travels: its media type (Content-Type and Accept), in the order Accept falls back on. */
const READ_MEDIA_TYPES: ReadonlyArray<readonly [ReadFormat, string]> = [
  ['json', 'application/json'],
  ['html', 'text/html'],
  ['markdown', 'text/markdown'],
  ['text', 'text/plain'],
  ['yjs', 'application/octet-stream'],
]
const WRITE_MEDIA_TYPES: Readonly<Record<string, WriteFormat>> = { 'application/json': 'json', 'text/html': 'html', 'text/markdown': 'markdown' }

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: `${API_V1}/openapi.json`, scope: null, roomTokens: false, handle: async ({ response }) => sendJson(response, 200, OPENAPI_DOCUMENT) },
  { method: 'GET', path: DOCUMENTS, scope: 'read', roomTokens: false, handle: listDocuments },
  { method: 'POST', path: DOCUMENTS, scope: 'write', roomTokens: false, handle: createDocument },
  { method: 'GET', path: DOCUMENT, scope: 'read', roomTokens: true, handle: readDocument },
  { method: 'PUT', path: DOCUMENT, scope: 'write', roomTokens: true, handle: replaceDocument },
  { method: 'DELETE', path: DOCUMENT, scope: 'admin', roomTokens: false, handle: deleteDocument },
  { method: 'POST', path: `${DOCUMENT}/updates`, scope: 'write', roomTokens: true, handle: applyUpdate },
  { method: 'POST', path: `${DOCUMENT}/duplicate`, scope: 'write', roomTokens: false, handle: duplicateDocument },
  { method: 'GET', path: `${API_V1}/webhooks/deliveries`, scope: 'admin', roomTokens: false, handle: listDeliveries },
  { method: 'GET', path: VERSIONS, scope: 'read', roomTokens: true, openRoom: true, handle: listVersions },
  { method: 'POST', path: VERSIONS, scope: 'write', roomTokens: true, openRoom: true, handle: saveVersion },
  { method: 'GET', path: VERSION, scope: 'read', roomTokens: true, openRoom: true, handle: readVersion },
  { method: 'POST', path: `${VERSION}/restore`, scope: 'write', roomTokens: true, openRoom: true, handle: restoreVersion },
]

const SET_A_KEY = 'set API_KEY (at least 32 characters, e.g. `openssl rand -base64 32`) or API_KEYS_FILE and restart, then send the key as Authorization: Bearer <key>'
const NO_KEY_CONFIGURED = `The document API needs an API key and this server has none: ${SET_A_KEY}`

export function createDocumentsApi(options: DocumentsApiOptions): RouteHandler {
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://api.invalid')
    if (url.pathname !== API_V1 && !url.pathname.startsWith(`${API_V1}/`)) return false
    const match = matchRoute(API_ROUTES, request.method ?? '', url.pathname)
    if (match.kind === 'none') {
      sendJson(response, 404, { error: `No API at ${url.pathname}; the routes are listed at ${API_V1}/openapi.json` })
      return true
    }
    if (match.kind === 'wrongMethod') {
      response.setHeader('Allow', match.allowed.join(', '))
      sendJson(response, 405, { error: `${request.method ?? 'This method'} is not taken here; use ${match.allowed.join(' or ')}` })
      return true
    }
    const { route, params } = match
    let id: string | null = null
    if (params.id !== undefined) {
      const check = checkRoomId(params.id)
      if (!check.ok) return refuse(response, { kind: 'badRequest', message: `The document id is not valid: ${check.reason}` })
      id = check.roomId
    }
    let caller: ApiCaller | null = null
    if (route.scope !== null) {
      const authenticated = await authenticate(request, route, id, options)
      if ('refused' in authenticated) return refuse(response, authenticated.refused)
      caller = authenticated.caller
      if (!callerMay(caller, route.scope, id)) return refuse(response, { kind: 'forbidden', message: notAllowed(caller, route.scope) })
    }
    try {
      await route.handle({ request, response, url, id, params, caller, options })
    } catch (error) {
      const reason = reasonFor(error)
      if (reason === null) {
        options.logger.error({ err: error, method: request.method, path: url.pathname }, 'document API request failed')
        if (!response.headersSent) sendJson(response, 500, { error: 'The server failed to answer this request; its log has the cause. Try again later.' })
        else response.destroy()
        return true
      }
      refuse(response, reason)
    }
    return true
  }
}

function refuse(response: ServerResponse, reason: CloseReason): true {
  sendRefusal(response, reason)
  return true
}

/** The caller the bearer token names, or why it names none. */
async function authenticate(request: IncomingMessage, route: ApiRoute, id: string | null, options: DocumentsApiOptions): Promise<{ caller: ApiCaller } | { refused: CloseReason }> {
  const unauthorized = (message: string) => ({ refused: { kind: 'unauthorized', message } as const })
  const token = bearerToken(request)
  const roomTokensWork = route.roomTokens && options.access.mode !== 'open'
  if (token === undefined) return unauthorized('The Authorization header must be "Bearer <API key or room token>"')
  if (token === null && route.openRoom && options.access.mode === 'open' && id !== null) return admitToRoom(request, id, null, options)
  if (token === null) {
    if (!options.credentials.configured && !roomTokensWork) return unauthorized(NO_KEY_CONFIGURED)
    if (!options.credentials.configured) return unauthorized(`Send a token of this document as Authorization: Bearer <token>; this server has no API key (${SET_A_KEY})`)
    return unauthorized(`Send ${roomTokensWork ? 'an API key or a token of this document' : 'an API key'} as Authorization: Bearer <token>`)
  }
  const key = options.credentials.keyFor(token)
  if (key !== null) return { caller: { kind: 'apiKey', key } }
  if (roomTokensWork && id !== null) {
    const admitted = await admitToRoom(request, id, token, options)
    if ('caller' in admitted || !options.credentials.configured) return admitted
    return { refused: { kind: admitted.refused.kind, message: `Not an API key, nor a token of this document: ${admitted.refused.message}` } }
  }
  if (!options.credentials.configured) return unauthorized(NO_KEY_CONFIGURED)
  return unauthorized(
    `That is not an API key of this server${options.access.mode === 'open' ? '' : ', and a room token opens only its own document (GET, PUT and POST …/updates of /api/v1/documents/<id>, and its versions)'}`,
  )
}

/** The caller the admission step lets into the document (its Origin and address checked, as a connection's would be), or why not. */
async function admitToRoom(request: IncomingMessage, id: string, token: string | null, options: DocumentsApiOptions): Promise<{ caller: ApiCaller } | { refused: CloseReason }> {
  const checked = await options.admission.check({ roomId: id, socketAddress: request.socket.remoteAddress ?? 'unknown', headers: request.headers, token })
  return checked.admitted ? { caller: { kind: 'roomToken', roomId: id, grant: checked.grant } } : { refused: checked.reason }
}

function notAllowed(caller: ApiCaller, scope: ApiScope): string {
  if (caller.kind === 'apiKey') return `The API key "${caller.key.name}" does not have the "${scope}" scope this needs; give it that scope in API_KEYS_FILE`
  if (scope === 'write') return 'This token lets its holder view the document only; changing it needs an edit token or an API key with the "write" scope'
  return 'A room token opens only its own document; listing, creating, duplicating and deleting documents need an API key'
}

/** What a failure of the document service tells the caller; null for a failure of the server (500, logged). */
function reasonFor(error: unknown): CloseReason | null {
  if (error instanceof InvalidContentError) return { kind: 'unprocessableContent', message: error.message }
  if (error instanceof DocumentDeletedError) return { kind: 'notFound', message: 'The document was deleted while this request ran' }
  if (error instanceof SessionEndingError) return { kind: error.kind, message: error.message }
  return null
}

function notFound(id: string): CloseReason {
  return { kind: 'notFound', message: `No document "${id}": it was never created, or it was deleted. Create it with POST ${DOCUMENTS}` }
}

// ---- the routes ----

async function listDocuments({ url, response, options }: ApiCall): Promise<void> {
  const limit = pageSize(url)
  if (typeof limit !== 'number') return void refuse(response, limit)
  const cursor = url.searchParams.get('cursor')
  const storeCursor = cursor === null ? null : decodeCursor(cursor)
  if (storeCursor === undefined) return void refuse(response, { kind: 'badRequest', message: 'The cursor is not one this API gave: pass the nextCursor of the previous page as it is, or none for the first page' })
  const page = await options.documents.list({ limit, cursor: storeCursor })
  sendJson(response, 200, { documents: page.documents.map(summaryOf), nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor) })
}

const createBody = z.strictObject({
  id: z.string().optional(),
  title: z.string().max(1000).optional(),
  content: z.unknown().optional(),
  format: z.enum(['json', 'html', 'markdown']).optional(),
})

async function createDocument(call: ApiCall): Promise<void> {
  const { request, response, options } = call
  const body = await readRequestBody(call)
  if (body === null) return
  let input: { id?: string; title?: string; content?: ContentInput } = {}
  if (body.byteLength > 0) {
    const type = mediaTypeOf(request.headers['content-type'])
    if (type === 'text/markdown' || type === 'text/html') input = { content: { format: WRITE_MEDIA_TYPES[type]!, value: body.toString('utf8') } }
    else if (type === 'application/json') {
      const json = parseJson(body)
      if (json === undefined) return void refuse(response, { kind: 'badRequest', message: 'The body is not JSON; send { id?, title?, content?, format? }' })
      const parsed = createBody.safeParse(json)
      if (!parsed.success) {
        return void refuse(response, {
          kind: 'badRequest',
          message: `The body must be JSON { id?, title?, content?, format? } (format json, html or markdown): ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; ')}`,
        })
      }
      const { id, title, content, format = 'json' } = parsed.data
      if (id !== undefined) {
        const check = checkRoomId(id)
        if (!check.ok) return void refuse(response, { kind: 'badRequest', message: `The document id is not valid: ${check.reason}` })
      }
      if (content !== undefined && format !== 'json' && typeof content !== 'string') {
        return void refuse(response, { kind: 'badRequest', message: `With format "${format}" the content must be a string of ${format === 'html' ? 'HTML' : 'Markdown'}` })
      }
      input = {
        ...(id === undefined ? {} : { id }),
        ...(title === undefined ? {} : { title }),
        ...(content === undefined ? {} : { content: format === 'json' ? { format, value: content } : { format, value: content as string } }),
      }
    } else return void refuse(response, unsupportedType(type, ['application/json', 'text/markdown', 'text/html']))
  }
  const created = await options.documents.create({ ...input, writer: writerOf(call.caller!) })
  if (created === null) return void refuse(response, { kind: 'conflict', message: `A document "${input.id}" exists already; choose another id, or leave it out for a new one` })
  sendCreated(response, created)
}

async function readDocument({ request, response, url, id, options }: ApiCall): Promise<void> {
  const format = readFormat(url, request.headers.accept)
  if (typeof format !== 'string') return void refuse(response, format)
  const read = await options.documents.read(id!, format)
  if (read === null) return void refuse(response, notFound(id!))
  // Clients revalidate with If-None-Match rather than keep a stale copy; the answer depends on Accept.
  const headers = { ETag: read.etag, 'Cache-Control': 'private, no-cache', Vary: 'Accept, Authorization' }
  if (noneMatchHits(request.headers['if-none-match'], read.etag)) {
    response.writeHead(304, headers)
    response.end()
    return
  }
  sendContent(response, format, read.body, headers)
}

async function replaceDocument(call: ApiCall): Promise<void> {
  const { request, response, id, options } = call
  const type = mediaTypeOf(request.headers['content-type'])
  const format = type === null ? undefined : WRITE_MEDIA_TYPES[type]
  if (format === undefined) return void refuse(response, unsupportedType(type, Object.keys(WRITE_MEDIA_TYPES)))
  const ifMatch = request.headers['if-match']
  const body = await readRequestBody(call)
  if (body === null) return
  let content: ContentInput
  if (format === 'json') {
    const value = parseJson(body)
    if (value === undefined) return void refuse(response, { kind: 'badRequest', message: 'The body is not JSON; send a ProseMirror document: { "type": "doc", "content": [...] }' })
    content = { format, value }
  } else content = { format, value: body.toString('utf8') }
  const result = await options.documents.replace(id!, content, writerOf(call.caller!), ifMatch === undefined ? {} : { ifMatch })
  if (!result.replaced && result.reason === 'notFound') return void refuse(response, notFound(id!))
  if (!result.replaced) {
    if (result.etag !== null) response.setHeader('ETag', result.etag)
    return void refuse(response, { kind: 'preconditionFailed', message: 'The document changed since that ETag: nothing was replaced. GET it again (its ETag is in this answer) and retry' })
  }
  response.setHeader('ETag', result.etag)
  sendJson(response, 200, { id, etag: result.etag })
}

async function applyUpdate(call: ApiCall): Promise<void> {
  const { request, response, id, options } = call
  const type = mediaTypeOf(request.headers['content-type'])
  if (type !== 'application/octet-stream') return void refuse(response, unsupportedType(type, ['application/octet-stream']))
  const body = await readRequestBody(call)
  if (body === null) return
  if (body.byteLength === 0) return void refuse(response, { kind: 'badRequest', message: 'The body is empty; send one encoded Yjs update (Y.encodeStateAsUpdate or an update event)' })
  if (!(await options.documents.applyUpdate(id!, new Uint8Array(body.buffer, body.byteOffset, body.byteLength), writerOf(call.caller!)))) {
    return void refuse(response, notFound(id!))
  }
  response.writeHead(204, { 'Cache-Control': 'no-store' })
  response.end()
}

async function duplicateDocument({ response, id, caller, options }: ApiCall): Promise<void> {
  const copy = await options.documents.duplicate(id!, writerOf(caller!))
  if (copy === null) return void refuse(response, notFound(id!))
  sendCreated(response, copy)
}

async function deleteDocument({ response, id, options }: ApiCall): Promise<void> {
  await options.documents.delete(id!)
  response.writeHead(204, { 'Cache-Control': 'no-store' })
  response.end()
}

async function listDeliveries({ url, response, options }: ApiCall): Promise<void> {
  const limit = pageSize(url)
  if (typeof limit !== 'number') return void refuse(response, limit)
  sendJson(response, 200, { deliveries: await options.listWebhookDeliveries(limit) })
}

async function listVersions({ response, id, options }: ApiCall): Promise<void> {
  const versions = await options.versions.list(id!)
  if (versions === null) return void refuse(response, notFound(id!))
  sendJson(response, 200, { versions: versions.map((version) => versionView(version)) })
}

const saveVersionBody = z.strictObject({ name: z.string().trim().min(1).max(MAX_VERSION_NAME_LENGTH) })

async function saveVersion(call: ApiCall): Promise<void> {
  const { request, response, id, options } = call
  const type = mediaTypeOf(request.headers['content-type'])
  if (type !== 'application/json') return void refuse(response, unsupportedType(type, ['application/json']))
  const body = await readRequestBody(call)
  if (body === null) return
  const parsed = saveVersionBody.safeParse(parseJson(body))
  if (!parsed.success) {
    return void refuse(response, { kind: 'badRequest', message: `The body must be JSON { "name": "<1 to ${MAX_VERSION_NAME_LENGTH} characters>" }, the name the version is saved under` })
  }
  const saved = await options.versions.save(id!, parsed.data.name)
  if (saved === null) return void refuse(response, notFound(id!))
  response.setHeader('Location', versionPath(id!, saved.version))
  // 200: nothing changed since the latest version, which took the name.
  sendJson(response, saved.created ? 201 : 200, versionView(saved.version))
}

async function readVersion({ request, response, url, id, params, options }: ApiCall): Promise<void> {
  const seq = versionSeq(params.version!)
  if (seq === null) return void refuse(response, versionNotFound(id!, params.version!))
  const format = readFormat(url, request.headers.accept)
  if (typeof format !== 'string') return void refuse(response, format)
  const read = await options.versions.read(id!, seq, format)
  if (read === null) return void refuse(response, versionNotFound(id!, params.version!))
  // A version's content never changes (its name may): private, kept for a while.
  sendContent(response, format, read.body, { 'Cache-Control': 'private, max-age=3600, immutable', Vary: 'Accept, Authorization' })
}

async function restoreVersion({ response, id, params, caller, options }: ApiCall): Promise<void> {
  const seq = versionSeq(params.version!)
  if (seq === null) return void refuse(response, versionNotFound(id!, params.version!))
  const restored = await options.versions.restore(id!, seq, writerOf(caller!))
  if (restored === null) return void refuse(response, versionNotFound(id!, params.version!))
  sendJson(response, 200, { restored: versionView(restored.restored), before: versionView(restored.before) })
}

// ---- helpers of the routes ----

const versionPath = (id: string, version: VersionInfo) => `${DOCUMENTS}/${encodeURIComponent(id)}/versions/${version.seq}`

/** The seq a version id names; null for one no version has. */
const versionSeq = (given: string): number | null => (/^\d{1,15}$/.test(given) ? Number(given) : null)

function versionNotFound(id: string, version: string): CloseReason {
  return { kind: 'notFound', message: `No version "${version}" of document "${id}": it never existed, was thinned out, or the document was deleted. GET ${DOCUMENTS}/${id}/versions lists them` }
}

/** Sends content read in `format` (a document's or a version's) with its media type. */
function sendContent(response: ServerResponse, format: ReadFormat, content: string | ProseMirrorJson | Uint8Array, headers: Record<string, string>): void {
  const mediaType = READ_MEDIA_TYPES.find(([name]) => name === format)![1]
  const body = format === 'json' ? JSON.stringify(content) : format === 'yjs' ? (content as Uint8Array) : (content as string)
  response.writeHead(200, {
    ...headers,
    'Content-Type': mediaType.startsWith('text/') || format === 'json' ? `${mediaType}; charset=utf-8` : mediaType,
    'Content-Length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
  })
  response.end(body)
}


function summaryOf({ id, title, createdAt, updatedAt, bytes }: DocumentSummary) {
  return { id, title, createdAt, updatedAt, bytes }
}

function sendCreated(response: ServerResponse, summary: DocumentSummary): void {
  response.setHeader('Location', `${DOCUMENTS}/${encodeURIComponent(summary.id)}`)
  sendJson(response, 201, summaryOf(summary))
}

/** ?limit= (1..1000, 100 when absent), or why it is refused. */
function pageSize(url: URL): number | CloseReason {
  const given = url.searchParams.get('limit')
  if (given === null) return DEFAULT_PAGE_SIZE
  const limit = /^\d+$/.test(given) ? Number(given) : NaN
  if (limit >= 1 && limit <= MAX_PAGE_SIZE) return limit
  return { kind: 'badRequest', message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}; it was ${JSON.stringify(given)}` }
}

/** The store's cursor travels base64url-encoded behind a version tag, so one this API never gave is told apart. */
const CURSOR_PREFIX = 'c1.'
const encodeCursor = (storeCursor: string) => CURSOR_PREFIX + Buffer.from(storeCursor, 'utf8').toString('base64url')
function decodeCursor(cursor: string): string | undefined {
  const encoded = cursor.startsWith(CURSOR_PREFIX) ? cursor.slice(CURSOR_PREFIX.length) : ''
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined
  const decoded = Buffer.from(encoded, 'base64url').toString('utf8')
  return encodeCursor(decoded) === cursor ? decoded : undefined
}

/** The format asked by ?format= (which wins) or by Accept, or why none can be served. */
function readFormat(url: URL, accept: string | undefined): ReadFormat | CloseReason {
  const named = url.searchParams.get('format')
  const formats = READ_MEDIA_TYPES.map(([format]) => format)
  if (named !== null) {
    if ((formats as string[]).includes(named)) return named as ReadFormat
    return { kind: 'badRequest', message: `format must be one of ${formats.join(', ')}; it was ${JSON.stringify(named)}` }
  }
  const mediaType = preferredMediaType(accept, READ_MEDIA_TYPES.map(([, type]) => type))
  if (mediaType !== null) return READ_MEDIA_TYPES.find(([, type]) => type === mediaType)![0]
  return {
    kind: 'notAcceptable',
    message: `This document can be sent as ${READ_MEDIA_TYPES.map(([, type]) => type).join(', ')}; the Accept header takes none of them (or use ?format=)`,
  }
}

function unsupportedType(type: string | null, accepted: readonly string[]): CloseReason {
  return { kind: 'unsupportedMediaType', message: `${type === null ? 'The request has no Content-Type' : `Content-Type ${type} is not taken here`}; send ${accepted.join(', ')}` }
}

/** The body within MAX_DOCUMENT_BYTES; null once a refusal was sent (or the client went away). */
async function readRequestBody({ request, response, options }: ApiCall): Promise<Buffer | null> {
  const reading = await readBody(request, options.maxBodyBytes)
  if (reading.kind === 'body') return reading.body
  if (reading.kind === 'tooBig') {
    refuse(response, { kind: 'messageTooBig', message: `The body is over ${options.maxBodyBytes} bytes, the largest this server takes (MAX_DOCUMENT_BYTES)` })
  }
  return null
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
}
