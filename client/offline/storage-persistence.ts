/**
 * Whether the browser promised to keep this site's storage (IndexedDB) until
 * the person clears it, instead of evicting it when space runs low. Asked for
 * once per page, at the first edit: that is when the device copy starts to
 * matter, and Firefox shows its question then, next to something the person did.
 */

/** null: not known (yet); the browser has no StorageManager, or we have not asked. */
let persistent: boolean | null = null
let requested = false
const listeners = new Set<() => void>()

export function isStoragePersistent(): boolean | null {
  return persistent
}

export function subscribeToStoragePersistence(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function requestPersistentStorageOnce(): void {
  if (requested) return
  requested = true
  const storage = navigator.storage as StorageManager | undefined
  if (typeof storage?.persist !== 'function') return
  storage
    .persisted()
    .then((already) => (already ? true : storage.persist()))
    .then(setPersistent, (error: unknown) => console.warn('Could not ask the browser to keep this site’s storage', error))
}

function setPersistent(value: boolean): void {
  persistent = value
  for (const listener of listeners) listener()
}
