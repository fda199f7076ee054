import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { RoomSession } from '../connection/use-room-session.ts'
import { DeviceWrites } from './device-writes.ts'
import { requestPersistentStorageOnce } from './storage-persistence.ts'
import { UnsavedEdits } from './unsaved-edits.ts'

export type DeviceStorage = 'opening' | 'available' | 'unavailable'

/**
 * Warns before the page closes (`beforeunload`) while one of this page's own
 * edits is neither in IndexedDB nor confirmed by the server, and only then.
 * Own edits are the Y.Doc's local transactions; what the server or IndexedDB
 * applied is already stored somewhere. The server's receipt is the connection
 * monitor's `unsavedChanges` turning false (see SaveConfirmation: it then has
 * every change made so far, and it flips to true in the same update event that
 * brings a new edit, before this hook's listener counts it). The first edit
 * also asks the browser to keep the site's storage. Returns whether IndexedDB
 * is usable here, for the page to say so when it is not.
 */
export function useUnsavedEditsGuard(session: RoomSession | null): DeviceStorage {
  const [deviceStorage, setDeviceStorage] = useState<DeviceStorage>('opening')

  useEffect(() => {
    if (session === null) return
    const { ydoc, monitor, persistence } = session
    const deviceWrites = new DeviceWrites(persistence)
    let left = false
    void deviceWrites.available.then((available) => {
      if (!left) setDeviceStorage(available ? 'available' : 'unavailable')
    })

    const warn = (event: BeforeUnloadEvent): void => {
      event.preventDefault()
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = ''
    }
    const edits = new UnsavedEdits(() => {
      // Listening only while needed: a beforeunload listener keeps some browsers from caching the page for Back.
      if (edits.hasUnsaved) window.addEventListener('beforeunload', warn)
      else window.removeEventListener('beforeunload', warn)
    })

    let receiptScheduled = false
    const handleUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
      if (!transaction.local) return
      edits.recordEdit()
      requestPersistentStorageOnce()
      if (receiptScheduled) return
      // One receipt per burst: y-indexeddb opens its write in this same update event, so by then it exists.
      receiptScheduled = true
      queueMicrotask(() => {
        receiptScheduled = false
        const upTo = edits.latestEdit
        void deviceWrites.whenWritten().then((written) => {
          if (written) edits.markStoredOnDevice(upTo)
        })
      })
    }
    const handleConnection = (): void => {
      if (!monitor.getFacts().unsavedChanges) edits.markConfirmedByServer(edits.latestEdit)
    }
    ydoc.on('update', handleUpdate)
    const stopWatching = monitor.subscribe(handleConnection)
    return () => {
      left = true
      ydoc.off('update', handleUpdate)
      stopWatching()
      deviceWrites.destroy()
      window.removeEventListener('beforeunload', warn)
    }
  }, [session])

  return deviceStorage
}
