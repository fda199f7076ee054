/**
 * This device's copy of a room: the IndexedDB database y-indexeddb keeps for it,
 * and whether it holds content, i.e. whether the room opens with no network.
 */

export function deviceCopyName(roomId: string): string {
  return `seed-room-${roomId}`
}

/**
 * Deletes this device's copy of a room (a deleted document must not come back offline).
 * The deletion waits until every open connection to the copy is closed (a room page
 * being torn down), then resolves; it never rejects, a failure is only logged.
 */
export function deleteDeviceCopy(roomId: string): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve()
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(deviceCopyName(roomId))
    request.onsuccess = () => resolve()
    request.onerror = () => {
      console.warn('Could not delete the copy of a deleted document on this device', request.error)
      resolve()
    }
  })
}

/** y-indexeddb's store of updates (a constant in its source, not exported). */
export const UPDATES_STORE = 'updates'

/**
 * The rooms among `roomIds` whose copy on this device has content; null when
 * the browser cannot list its databases (then nothing is claimed). Reads the
 * stored updates without opening a y-indexeddb provider, one room at a time.
 */
export async function roomsWithDeviceCopy(roomIds: readonly string[]): Promise<Set<string> | null> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null
  const existing = new Set((await indexedDB.databases()).map((database) => database.name))
  const candidates = roomIds.filter((roomId) => existing.has(deviceCopyName(roomId)))
  const found = new Set<string>()
  if (candidates.length === 0) return found
  // Yjs comes with the editor chunk, which the app loads in the background anyway.
  const { hasDocumentContent } = await import('./document-content.ts')
  for (const roomId of candidates) {
    const updates = await readUpdates(deviceCopyName(roomId)).catch(() => [])
    if (hasDocumentContent(updates)) found.add(roomId)
  }
  return found
}

function readUpdates(name: string): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name)
    // Gone since it was listed: opening would create an empty database that y-indexeddb could not use later.
    request.onupgradeneeded = () => request.transaction?.abort()
    request.onerror = () => reject(request.error ?? new Error(`could not open ${name}`))
    request.onsuccess = () => {
      const db = request.result
      try {
        const read = db.transaction([UPDATES_STORE], 'readonly').objectStore(UPDATES_STORE).getAll()
        read.onsuccess = () => resolve(read.result as Uint8Array[])
        read.onerror = () => reject(read.error ?? new Error(`could not read ${name}`))
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
      } finally {
        // Closes once the read is done; a provider opening the room meanwhile is not blocked.
        db.close()
      }
    }
  })
}
