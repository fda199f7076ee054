/**
 * Which storage notices the person has dismissed on this device: each says
 * something about the browser that does not change from one visit to the next,
 * so once read it need not come back.
 */

export type StorageNoticeReason = 'unavailable' | 'may-clear'

const STORAGE_KEY = 'seed:dismissed-storage-notices'

export function dismissedStorageNotices(): StorageNoticeReason[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(stored) ? stored.filter((reason): reason is StorageNoticeReason => reason === 'unavailable' || reason === 'may-clear') : []
  } catch {
    // Blocked site data has no localStorage either: the notice can still be closed for this visit.
    return []
  }
}

export function rememberDismissedStorageNotice(reason: StorageNoticeReason): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([...new Set([...dismissedStorageNotices(), reason])]))
  } catch (error) {
    console.warn('Could not remember the dismissed notice on this device', error)
  }
}
