import { lazy, Suspense } from 'react'
import { checkRoomId } from '../../shared/room-id.ts'
import { MessagePage } from './MessagePage.tsx'

// The editor, Yjs and the providers are most of the code: the landing page paints without
// waiting for them, but they start loading at once, so a room opened later works offline too.
const documentPageModule = import('./DocumentPage.tsx')
const DocumentPage = lazy(async () => ({ default: (await documentPageModule).DocumentPage }))

export function RoomRoute({ roomId }: { roomId: string }) {
  const check = checkRoomId(roomId)
  if (!check.ok) {
    return (
      <MessagePage
        title="This document link is not valid"
        message={`The link may have been cut short or mistyped. ${check.reason}`}
      />
    )
  }
  return (
    <Suspense fallback={<p className="document-loading document-loading--page">Loading document…</p>}>
      <DocumentPage roomId={check.roomId} />
    </Suspense>
  )
}
