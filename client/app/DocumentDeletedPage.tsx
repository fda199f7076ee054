import { useEffect, useState } from 'react'
import { useAuthMode } from '../access/auth-mode.ts'
import { deleteDeviceCopy, roomsWithDeviceCopy } from '../offline/device-copy.ts'
import { forgetDeletedDocument, restoreDeletedDocument } from '../rooms/deleted-document.ts'
import { NewDocumentButton } from '../rooms/NewDocumentButton.tsx'
import { MessagePage } from './MessagePage.tsx'

interface DocumentDeletedPageProps {
  roomId: string
  /** The token the page opened the room with: restoring in links and jwt modes needs one that lets its bearer edit the room. */
  token: string | null
  /** The document exists again: open it (its copy on this device then reaches the server). */
  onRestored: () => void
}

/** Whether this device holds a copy of the document with content: only then can it be restored from here. */
type DeviceCopy = 'checking' | 'kept' | 'none'

/**
 * What a deleted document's link shows, to those who had it open and to anyone opening it later.
 * A device with a copy (someone who had it open, offline or not) may bring it back from that copy,
 * or delete the copy; nothing leaves the device unless its person chooses to restore.
 */
export function DocumentDeletedPage({ roomId, token, onRestored }: DocumentDeletedPageProps) {
  const mode = useAuthMode()
  const [copy, setCopy] = useState<DeviceCopy>('checking')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    forgetDeletedDocument(roomId)
    let current = true
    void roomsWithDeviceCopy([roomId]).then((found) => {
      if (current) setCopy(found?.has(roomId) ? 'kept' : 'none')
    })
    return () => {
      current = false
    }
  }, [roomId])

  const restore = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await restoreDeletedDocument(roomId, token)
      onRestored()
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setBusy(false)
    }
  }

  const discard = async (): Promise<void> => {
    setBusy(true)
    await deleteDeviceCopy(roomId)
    setCopy('none')
    setBusy(false)
  }

  if (copy === 'kept') {
    return (
      <MessagePage
        title="This document was deleted"
        message="It is gone from the server, but this device still has a copy of it. Restore the document from that copy (its link then works again for everyone who has it), or delete the copy."
      >
        <button type="button" className="button button--primary" disabled={busy} onClick={() => void restore()}>
          Restore it from this device
        </button>
        <button type="button" className="button button--ghost" disabled={busy} onClick={() => void discard()}>
          Delete this device’s copy
        </button>
        <p className="landing__error" role="alert">
          {error && `Could not restore it. ${error}`}
        </p>
      </MessagePage>
    )
  }

  return (
    <MessagePage
      title="This document was deleted"
      message={
        copy === 'none'
          ? 'Its text is gone from the server, and this device has no copy of it. Start a new document, or go back to your documents.'
          : 'Its text is gone from the server.'
      }
    >
      {/* In jwt mode documents are created by the application that embeds Seed. */}
      {copy === 'none' && mode !== 'jwt' && <NewDocumentButton />}
    </MessagePage>
  )
}
