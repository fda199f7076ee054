import { useSyncExternalStore } from 'react'
import { isStoragePersistent, subscribeToStoragePersistence } from './storage-persistence.ts'
import type { DeviceStorage } from './use-unsaved-edits-guard.ts'
import './offline.css'

/** One calm sentence when this device cannot be relied on to keep the document; nothing otherwise. */
export function StorageNotice({ deviceStorage }: { deviceStorage: DeviceStorage }) {
  const persistent = useSyncExternalStore(subscribeToStoragePersistence, isStoragePersistent)
  let text: string | null = null
  if (deviceStorage === 'unavailable') {
    text = 'This browser does not let Seed keep documents on this device (private browsing or blocked site data), so your changes are saved only while you are online.'
  } else if (persistent === false) {
    text = 'This browser may clear documents kept on this device when it runs short of space; everything saved to the server stays safe.'
  }
  if (text === null) return null
  return (
    <p className="storage-notice" data-testid="storage-notice">
      {text}
    </p>
  )
}
