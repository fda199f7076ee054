import { isValidRoomId } from '../../shared/room-id.ts'

export interface RecentDocument {
  roomId: string
  /** First line of the text; empty while we have not seen any. */
  title: string
  /** Epoch ms. */
  lastOpenedAt: number
}

const STORAGE_KEY = 'seed:recent-documents'
const MAX_ENTRIES = 30
const EMPTY: readonly RecentDocument[] = []

function isRecentDocument(value: unknown): value is RecentDocument {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  return (
    typeof entry.roomId === 'string' &&
    isValidRoomId(entry.roomId) &&
    typeof entry.title === 'string' &&
    typeof entry.lastOpenedAt === 'number'
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

export function recordDocumentOpened(roomId: string, now: number = Date.now()): void {
  const entries = getRecentDocuments()
  const previous = entries.find((entry) => entry.roomId === roomId)
  const others = entries.filter((entry) => entry.roomId !== roomId)
  save([{ roomId, title: previous?.title ?? '', lastOpenedAt: now }, ...others])
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
