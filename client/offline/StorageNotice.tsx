import { useState, useSyncExternalStore } from 'react'
import { dismissedStorageNotices, rememberDismissedStorageNotice, type StorageNoticeReason } from './storage-notice-dismissal.ts'
import { isStoragePersistent, subscribeToStoragePersistence } from './storage-persistence.ts'
import type { DeviceStorage } from './use-unsaved-edits-guard.ts'
import './offline.css'

const TEXT: Record<StorageNoticeReason, string> = {
  unavailable:
    'This browser does not let Seed keep documents on this device (private browsing or blocked site data), so your changes are saved only while you are online.',
  'may-clear': 'This browser may clear documents kept on this device when it runs short of space; everything saved to the server stays safe.',
}

/**
 * One calm sentence when this device cannot be relied on to keep the document; nothing otherwise.
 * It floats over a corner rather than pushing the document down, and once dismissed stays away on this device.
 */
export function StorageNotice({ deviceStorage }: { deviceStorage: DeviceStorage }) {
  const persistent = useSyncExternalStore(subscribeToStoragePersistence, isStoragePersistent)
  const [dismissed, setDismissed] = useState(dismissedStorageNotices)
  const reason: StorageNoticeReason | null = deviceStorage === 'unavailable' ? 'unavailable' : persistent === false ? 'may-clear' : null
  if (reason === null || dismissed.includes(reason)) return null

  const dismiss = (): void => {
    rememberDismissedStorageNotice(reason)
    setDismissed([...dismissed, reason])
  }

  return (
    <div className="storage-notice" role="status" data-testid="storage-notice">
      <p className="storage-notice__text">{TEXT[reason]}</p>
      <button type="button" className="icon-button storage-notice__dismiss" aria-label="Dismiss" title="Dismiss" onClick={dismiss}>
        <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </button>
    </div>
  )
}
