/**
 * Creating a room on the server, so that its link opens for anyone before the
 * first keystroke (POST /api/rooms).
 *
 * Open mode names the room on this device and works offline: when the server
 * cannot be reached, the id is kept in localStorage and created as soon as the
 * browser is back online, or at the next start of the app (the server answers
 * 409 for a room that got there meanwhile, e.g. through its first write, which
 * counts as done). Links mode needs the server (it signs the room's links), so
 * it is online only.
 */
import { createRoom } from '../access/access-api.ts'

const STORAGE_KEY = 'seed:pending-room-creations'
/** More than anyone starts offline; an endless list would only slow every start. */
const MAX_PENDING = 100

function readPending(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

function writePending(ids: string[]): void {
  try {
    if (ids.length === 0) localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(ids.slice(-MAX_PENDING)))
  } catch {
    // Storage may be off (private browsing): the room is then created by its first write.
  }
}

/**
 * Creates the room this device named. Resolves once it exists on the server, or once its creation is
 * kept for later because the server cannot be reached; throws with the server's sentence when it refused.
 */
export async function createNamedRoom(roomId: string): Promise<void> {
  const result = navigator.onLine ? await createRoom(roomId) : ({ kind: 'unreachable' } as const)
  if (result.kind === 'refused') throw new Error(result.error)
  if (result.kind === 'unreachable') writePending([...readPending().filter((id) => id !== roomId), roomId])
}

let retrying = false

/** Creates the rooms kept for later; those the server still cannot take stay for the next try. */
async function createPendingRooms(): Promise<void> {
  if (retrying || !navigator.onLine) return
  retrying = true
  try {
    for (const roomId of readPending()) {
      const result = await createRoom(roomId)
      // Refused (e.g. 429) or unreachable: tried again at the next start or when the browser next comes online.
      if (result.kind === 'unreachable' || result.kind === 'refused') continue
      writePending(readPending().filter((id) => id !== roomId))
    }
  } finally {
    retrying = false
  }
}

/** Called once at start: creates what was kept, now and whenever the browser comes back online. */
export function startCreatingPendingRooms(): void {
  window.addEventListener('online', () => void createPendingRooms())
  void createPendingRooms()
}
