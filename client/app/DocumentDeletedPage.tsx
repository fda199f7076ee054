import { useEffect } from 'react'
import { useAuthMode } from '../access/auth-mode.ts'
import { forgetDeletedDocument } from '../rooms/deleted-document.ts'
import { NewDocumentButton } from '../rooms/NewDocumentButton.tsx'
import { MessagePage } from './MessagePage.tsx'

/** What a deleted document's link shows, to those who had it open and to anyone opening it later. */
export function DocumentDeletedPage({ roomId }: { roomId: string }) {
  const mode = useAuthMode()
  useEffect(() => {
    void forgetDeletedDocument(roomId)
  }, [roomId])

  return (
    <MessagePage
      title="This document was deleted"
      message="Its text is gone from the server and from this device, so it cannot be opened or restored here. Start a new document, or go back to your documents."
    >
      {/* In jwt mode documents are created by the application that embeds Seed. */}
      {mode !== 'jwt' && <NewDocumentButton />}
    </MessagePage>
  )
}
