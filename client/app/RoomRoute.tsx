import { lazy, Suspense, useState } from 'react'
import { checkRoomId } from '../../shared/room-id.ts'
import { useRoomAccess } from '../access/use-room-access.ts'
import { NewDocumentButton } from '../rooms/NewDocumentButton.tsx'
import { DocumentDeletedPage } from './DocumentDeletedPage.tsx'
import { MessagePage } from './MessagePage.tsx'

// The editor, Yjs and the providers are most of the code: the landing page paints without
// waiting for them, but they start loading at once, so a room opened later works offline too.
const documentPageModule = import('./DocumentPage.tsx')
const DocumentPage = lazy(async () => ({ default: (await documentPageModule).DocumentPage }))

const LOADING = <p className="document-loading document-loading--page">Loading document…</p>

export function RoomRoute({ roomId }: { roomId: string }) {
  const check = checkRoomId(roomId)
  if (!check.ok) {
    return (
      <MessagePage
        title="This document link is not valid"
        message="The link may have been cut short or mistyped. Check it with the person who shared it, or go to your documents."
        detail={check.reason}
      />
    )
  }
  return <AccessCheckedRoom roomId={check.roomId} />
}

/** Nothing of the room (IndexedDB, the connection, an editor) opens before access is known. */
function AccessCheckedRoom({ roomId }: { roomId: string }) {
  const { result, retry, create } = useRoomAccess(roomId)
  // Heard while the document was open (the server closed the connection): its page, and with it the room, closes.
  const [deletedWhileOpen, setDeletedWhileOpen] = useState(false)
  // Restored from this device's copy: the room is asked for again, and opens with the copy.
  const restored = (): void => {
    setDeletedWhileOpen(false)
    retry()
  }
  if (deletedWhileOpen) return <DocumentDeletedPage roomId={roomId} token={result?.token.value ?? null} onRestored={restored} />
  if (result === null) return LOADING
  const { access, token } = result
  switch (access.page) {
    case 'document':
      return (
        <Suspense fallback={LOADING}>
          <DocumentPage roomId={roomId} permission={access.permission} token={token} onDeleted={() => setDeletedWhileOpen(true)} />
        </Suspense>
      )
    case 'deleted':
      return <DocumentDeletedPage roomId={roomId} token={token.value} onRestored={restored} />
    case 'missing':
      // Never in jwt mode (the embedding application owns rooms). Creating needs edit access to this room: open
      // mode grants it to anyone, links mode only to a token the server signed for this very room when it was
      // created, so nothing new is minted here. A view-only reader can only start a document elsewhere.
      return (
        <MessagePage
          title="There is no document at this link"
          message={
            access.permission === 'edit'
              ? 'No document was started at this link. It may have been cut short or mistyped.'
              : 'No document was started at this link, and it only lets you read. Check the link with the person who shared it.'
          }
        >
          {access.permission === 'edit' ? (
            <button type="button" className="button button--ghost" data-testid="create-here" onClick={create}>
              Create a document here
            </button>
          ) : (
            <NewDocumentButton />
          )}
        </MessagePage>
      )
    case 'refused':
      return <MessagePage title={access.title} message={access.message} detail={access.detail && `The server said: ${access.detail}`} />
    case 'unreachable':
      return (
        <MessagePage title={access.title} message={access.message}>
          <button type="button" className="button button--ghost" onClick={retry}>
            Try again
          </button>
        </MessagePage>
      )
  }
}
