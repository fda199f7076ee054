/**
 * The client side of the server's version API (/api/v1/documents/<id>/versions, issue 21 point 5).
 * The page calls it with the token it opened the room with, as the room's own API (room tokens
 * may call the routes of their own document). Answers are checked field by field: they come over the network.
 */
import type { JSONContent } from '@tiptap/core'
import { HEX_COLOR_PATTERN } from '../../shared/identity.ts'
import type { VersionAuthor, VersionSummary } from './version-days.ts'

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string }

/** Long enough for a slow network, short enough that the panel never spins for ever. */
const REQUEST_TIMEOUT_MS = 15_000

const UNREACHABLE = 'The server could not be reached. Check the connection and try again.'

function versionsPath(roomId: string, versionId?: string): string {
  const base = `/api/v1/documents/${encodeURIComponent(roomId)}/versions`
  return versionId === undefined ? base : `${base}/${encodeURIComponent(versionId)}`
}

async function call(path: string, token: string | null, init: RequestInit = {}): Promise<ApiResult<unknown>> {
  const headers = new Headers(init.headers)
  if (token !== null) headers.set('Authorization', `Bearer ${token}`)
  let response: Response
  try {
    response = await fetch(path, { ...init, headers, cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  } catch {
    return { ok: false, error: UNREACHABLE }
  }
  let body: unknown = null
  try {
    body = await response.json()
  } catch {
    // An empty or non-JSON answer (a proxy's error page): the status says enough.
  }
  if (response.ok) return { ok: true, value: body }
  const sentence = typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string' ? body.error : null
  return { ok: false, error: sentence ?? `The server could not do this (HTTP ${response.status}). Try again later.` }
}

function readAuthor(value: unknown): VersionAuthor | null {
  if (typeof value !== 'object' || value === null) return null
  const { name, color, subject } = value as Record<string, unknown>
  // A session without a name still wrote: its verified subject, or "Someone", keeps it in the list.
  const shown = typeof name === 'string' && name.trim() !== '' ? name : typeof subject === 'string' && subject !== '' ? subject : 'Someone'
  return { name: shown, color: typeof color === 'string' && HEX_COLOR_PATTERN.test(color) ? color : null }
}

function readTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const time = Date.parse(value)
    return Number.isNaN(time) ? null : time
  }
  return null
}

function readCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0
}

/** A version of the list, or null when the entry lacks what the panel needs to show it. */
export function readVersion(value: unknown): VersionSummary | null {
  if (typeof value !== 'object' || value === null) return null
  const entry = value as Record<string, unknown>
  const id = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : null
  const createdAt = readTime(entry.createdAt)
  if (id === null || createdAt === null) return null
  return {
    id,
    createdAt,
    name: typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name : null,
    authors: Array.isArray(entry.authors) ? entry.authors.flatMap((author) => readAuthor(author) ?? []) : [],
    auto: entry.auto === true,
    wordsAdded: readCount(entry.wordsAdded),
    wordsRemoved: readCount(entry.wordsRemoved),
  }
}

export async function listVersions(roomId: string, token: string | null): Promise<ApiResult<VersionSummary[]>> {
  const result = await call(versionsPath(roomId), token)
  if (!result.ok) return result
  const versions = (result.value as { versions?: unknown } | null)?.versions
  if (!Array.isArray(versions)) return { ok: false, error: 'The server’s list of versions could not be read. Try again later.' }
  return { ok: true, value: versions.flatMap((version) => readVersion(version) ?? []) }
}

/** The version's document as ProseMirror JSON of the shared schema (shared/document-schema.ts). */
export async function readVersionDocument(roomId: string, versionId: string, token: string | null): Promise<ApiResult<JSONContent>> {
  const result = await call(`${versionsPath(roomId, versionId)}?format=json`, token, { headers: { Accept: 'application/json' } })
  if (!result.ok) return result
  const body = result.value as JSONContent | null
  if (body?.type !== 'doc') return { ok: false, error: 'This version’s text could not be read. Try again later.' }
  return { ok: true, value: body }
}

export async function saveVersion(roomId: string, name: string, token: string | null): Promise<ApiResult<null>> {
  const result = await call(versionsPath(roomId), token, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  return result.ok ? { ok: true, value: null } : result
}

export async function restoreVersion(roomId: string, versionId: string, token: string | null): Promise<ApiResult<null>> {
  const result = await call(`${versionsPath(roomId, versionId)}/restore`, token, { method: 'POST' })
  return result.ok ? { ok: true, value: null } : result
}
