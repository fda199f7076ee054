import { isValidRoomId } from '../../shared/room-id.ts'
import type { Permission } from '../../shared/access-api.ts'

/** Tokens this device holds for a room, by what they allow (links and jwt modes). */
export type RoomTokens = Partial<Record<Permission, string>>

export interface RecentDocument {
  roomId: string
  /** First line of the text; empty while we have not seen any. */
  title: string
  /** Epoch ms. */
  lastOpenedAt: number
  /** The permission the server last granted here: the room opens with it when the server cannot be asked. */
  permission?: Permission
  /** So that a reload, the recent list and the share dialog work without the link at hand. */
  tokens?: RoomTokens
}

const STORAGE_KEY = 'seed:recent-documents'
const MAX_ENTRIES = 30
const EMPTY: readonly RecentDocument[] = []

function isTokens(value: unknown): value is RoomTokens {
  if (typeof value !== 'object' || value === null) return false
  return Object.entries(value).every(([permission, token]) => (permission === 'edit' || permission === 'view') && typeof token === 'string')
}

function isRecentDocument(value: unknown): value is RecentDocument {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.roomId === 'string' &&
    isValidRoomId(entry.roomId) &&
    typeof entry.title === 'string' &&
    typeof entry.lastOpenedAt === 'number' &&
    (entry.permission === undefined || entry.permission === 'edit' || entry.permission === 'view') &&
    (entry.tokens === undefined || isTokens(entry.tokens))
  )
}

function parse(raw: string | null): readonly RecentDocument[] {
  if (raw === null) return EMPTY
  try {
    const value: unknown = JSON.parse(raw)
    return Array.isArray(value) ? value.filter(isRecentDocument) : EMPTY
  } catch {
    return EMPTY
  }
}

let cachedRaw: string | null = null
let cached: readonly RecentDocument[] = EMPTY

function readRaw(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/** Newest first. Returns the same array until storage changes, as useSyncExternalStore needs. */
export function getRecentDocuments(): readonly RecentDocument[] {
  const raw = readRaw()
  if (raw !== cachedRaw) {
    cachedRaw = raw
    cached = [...parse(raw)].sort((a, b) => b.lastOpenedAt - a.lastOpenedAt)
  }
  return cached
}

const listeners = new Set<() => void>()

function save(entries: readonly RecentDocument[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(entries.slice(0, MAX_ENTRIES)))
  } catch (error) {
    console.warn('Could not update the list of recent documents', error)
  }
  for (const listener of listeners) listener()
}

export function findRecentDocument(roomId: string): RecentDocument | undefined {
  return getRecentDocuments().find((entry) => entry.roomId === roomId)
}

/** Updates the room's entry (creating it first if needed) and puts it at the top. */
function upsert(roomId: string, change: (entry: RecentDocument) => RecentDocument): void {
  const entries = getRecentDocuments()
  const previous = entries.find((entry) => entry.roomId === roomId) ?? { roomId, title: '', lastOpenedAt: Date.now() }
  save([change(previous), ...entries.filter((entry) => entry.roomId !== roomId)])
}

export function recordDocumentOpened(roomId: string, now: number = Date.now()): void {
  upsert(roomId, (entry) => ({ ...entry, lastOpenedAt: now }))
}

/** What the server granted, and the token that got it (null in open mode), for reloads and offline visits. */
export function recordDocumentAccess(roomId: string, permission: Permission, token: string | null): void {
  const previous = findRecentDocument(roomId)
  if (previous?.permission === permission && (token === null || previous.tokens?.[permission] === token)) return
  upsert(roomId, (entry) => ({
    ...entry,
    permission,
    ...(token === null ? {} : { tokens: { ...entry.tokens, [permission]: token } }),
  }))
}

/**
 * A token that came in a link, kept the moment it arrives, under the permission it claims, whatever page it
 * leads to (a document not written yet, a server out of reach): a reload or the recent list finds it again.
 * The permission the room opens with offline is only what the server granted (recordDocumentAccess).
 */
export function keepLinkToken(roomId: string, permission: Permission, token: string): void {
  if (findRecentDocument(roomId)?.tokens?.[permission] === token) return
  upsert(roomId, (entry) => ({ ...entry, tokens: { ...entry.tokens, [permission]: token } }))
}

/** Drops tokens the server refused (expired, withdrawn, damaged): never offered again, nor shown in the share dialog. */
export function forgetTokens(roomId: string, refused: readonly string[]): void {
  const entry = findRecentDocument(roomId)
  if (entry?.tokens === undefined || !Object.values(entry.tokens).some((token) => refused.includes(token))) return
  const tokens = Object.fromEntries(Object.entries(entry.tokens).filter(([, token]) => !refused.includes(token)))
  save(getRecentDocuments().map((other) => (other.roomId === roomId ? { ...other, tokens } : other)))
}

/** links mode: the creator keeps both links, so that they can come back and share them later. */
export function recordCreatedDocument(roomId: string, tokens: RoomTokens): void {
  upsert(roomId, (entry) => ({ ...entry, permission: 'edit', tokens: { ...entry.tokens, ...tokens } }))
}

export function recordDocumentTitle(roomId: string, title: string): void {
  const entries = getRecentDocuments()
  if (!entries.some((entry) => entry.roomId === roomId && entry.title !== title)) return
  save(entries.map((entry) => (entry.roomId === roomId ? { ...entry, title } : entry)))
}

export function forgetDocument(roomId: string): void {
  save(getRecentDocuments().filter((entry) => entry.roomId !== roomId))
}

export function subscribeToRecentDocuments(listener: () => void): () => void {
  listeners.add(listener)
  // Other tabs open documents too.
  const onStorage = (event: StorageEvent): void => {
    if (event.key === STORAGE_KEY) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}
