/**
 * The client side of the server's access API (its contract: shared/access-api.ts).
 * Answers are checked field by field: they come over the network.
 */
import { API_PATHS, type AuthMode, type Permission } from '../../shared/access-api.ts'

export type AccessCheck =
  | { kind: 'granted'; permission: Permission; expiresAt: number | null; name: string | null }
  /** The server looked at the request and said no (400, 401 or 403), with its sentence. */
  | { kind: 'refused'; status: number; error: string }
  /** 410: the document was deleted; there is nothing to open any more. */
  | { kind: 'deleted' }
  /** No answer that says anything about access: network down, timeout, 5xx, a proxy's error page. */
  | { kind: 'unreachable' }

/** Long enough for a slow network, short enough that a hung server does not keep the page blank. */
const REQUEST_TIMEOUT_MS = 5_000

/** An imported file travels in the request: a large one over a slow link takes longer than a question does. */
const IMPORT_TIMEOUT_MS = 120_000

async function request(path: string, init: RequestInit = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Response | null> {
  try {
    return await fetch(path, { ...init, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) })
  } catch {
    return null
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json()
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function isPermission(value: unknown): value is Permission {
  return value === 'edit' || value === 'view'
}

export async function fetchAuthMode(): Promise<AuthMode | null> {
  const response = await request(API_PATHS.auth)
  if (!response?.ok) return null
  const { mode } = await readJson(response)
  return mode === 'open' || mode === 'links' || mode === 'jwt' ? mode : null
}

export async function checkRoomAccess(roomId: string, token: string | null): Promise<AccessCheck> {
  const headers: HeadersInit = token === null ? {} : { Authorization: `Bearer ${token}` }
  const response = await request(API_PATHS.access(roomId), { headers })
  if (response === null) return { kind: 'unreachable' }
  if (response.status === 410) return { kind: 'deleted' }
  const body = await readJson(response)
  if (response.ok && isPermission(body.permission)) {
    return {
      kind: 'granted',
      permission: body.permission,
      expiresAt: typeof body.expiresAt === 'number' ? body.expiresAt : null,
      name: typeof body.name === 'string' ? body.name : null,
    }
  }
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    return { kind: 'refused', status: response.status, error: typeof body.error === 'string' ? body.error : '' }
  }
  return { kind: 'unreachable' }
}

/** What the server says of a room's existence: created (or written, or open), never created (404), or deleted (410). */
export type RoomExistence = 'exists' | 'missing' | 'deleted'

/** GET /api/rooms/<room>; null when the server gave no usable answer (the room then opens as before). */
export async function checkRoomExists(roomId: string, token: string | null): Promise<RoomExistence | null> {
  const headers: HeadersInit = token === null ? {} : { Authorization: `Bearer ${token}` }
  const response = await request(API_PATHS.room(roomId), { headers })
  if (response?.status === 404) return 'missing'
  if (response?.status === 410) return 'deleted'
  return response?.ok && (await readJson(response)).exists === true ? 'exists' : null
}

export type RoomCreation =
  | { kind: 'created'; room: string; editToken: string | null; viewToken: string | null }
  /** 409: a room with the id this device chose exists already (an earlier try of this device got through). */
  | { kind: 'exists' }
  /** The server looked at the request and said no (400, 403, 429…), with its sentence to show. */
  | { kind: 'refused'; error: string }
  /** No answer that says anything: network down, timeout, 5xx. */
  | { kind: 'unreachable' }

/**
 * POST /api/rooms: creates a room on the server, so its link opens for anyone at once. Without `id` the
 * server names it (links mode, with the room's two tokens); with `id`, the room this device named (open mode),
 * or, with a `token` that lets its bearer edit that room, one the server lets only such a bearer name
 * (jwt mode; links mode: a deleted document restored from this device).
 */
export async function createRoom(id?: string, token: string | null = null): Promise<RoomCreation> {
  const authorization: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` }
  const init: RequestInit =
    id === undefined
      ? { method: 'POST' }
      : { method: 'POST', headers: { 'Content-Type': 'application/json', ...authorization }, body: JSON.stringify({ id }) }
  return readCreation(await request(API_PATHS.rooms, init))
}

/**
 * POST /api/rooms with a Markdown or HTML file as the body: a new document (named by the server) with that
 * content. `title` is the one to record when the content has no heading of its own (import-file.ts).
 */
export async function importRoom(file: { format: 'markdown' | 'html'; text: string; title: string | null }): Promise<RoomCreation> {
  const query = file.title === null ? '' : `?${new URLSearchParams({ title: file.title }).toString()}`
  const contentType = file.format === 'markdown' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8'
  const init: RequestInit = { method: 'POST', headers: { 'Content-Type': contentType }, body: file.text }
  return readCreation(await request(`${API_PATHS.rooms}${query}`, init, IMPORT_TIMEOUT_MS))
}

async function readCreation(response: Response | null): Promise<RoomCreation> {
  if (response === null || response.status >= 500) return { kind: 'unreachable' }
  if (response.status === 409) return { kind: 'exists' }
  const body = await readJson(response)
  if (!response.ok || typeof body.room !== 'string') {
    return { kind: 'refused', error: typeof body.error === 'string' && body.error ? body.error : `The server could not create a document (HTTP ${response.status}).` }
  }
  return {
    kind: 'created',
    room: body.room,
    editToken: typeof body.editToken === 'string' ? body.editToken : null,
    viewToken: typeof body.viewToken === 'string' ? body.viewToken : null,
  }
}
