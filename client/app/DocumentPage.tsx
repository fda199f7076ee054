import { useEffect } from 'react'
import { ConnectionStatus } from '../connection/ConnectionStatus.tsx'
import { DOCUMENT_FIELD, useRoomSession } from '../connection/use-room-session.ts'
import { CollaborativeEditor } from '../editor/CollaborativeEditor.tsx'
import { UNTITLED } from '../editor/untitled.ts'
import { useDocumentTitle } from '../editor/use-document-title.ts'
import { IdentityControl } from '../identity/IdentityControl.tsx'
import { useIdentity } from '../identity/use-identity.ts'
import { PresenceList } from '../presence/PresenceList.tsx'
import { useRecentDocumentTracking } from '../rooms/use-recent-document-tracking.ts'
import { CopyLinkButton } from '../share/CopyLinkButton.tsx'
import { Brand } from './Brand.tsx'

export function DocumentPage({ roomId }: { roomId: string }) {
  const identity = useIdentity()
  const { session, ready } = useRoomSession(roomId, identity)
  const fragment = ready && session ? session.ydoc.getXmlFragment(DOCUMENT_FIELD) : null
  const title = useDocumentTitle(fragment)
  useRecentDocumentTracking(roomId, fragment)
  const heading = ready ? title || UNTITLED : 'Opening document…'

  useEffect(() => {
    document.title = `${heading} · Seed`
  }, [heading])

  // Everyone sees a rename at once: carets and presence lists read the awareness `user` field.
  useEffect(() => {
    session?.provider.awareness.setLocalStateField('user', identity)
  }, [session, identity])

  return (
    <div className="page page--document">
      <header className="topbar topbar--document">
        <div className="topbar__start">
          <Brand />
          <div className="document-heading">
            <h1 className="document-heading__title">{heading}</h1>
            {session && <ConnectionStatus monitor={session.monitor} />}
          </div>
        </div>
        <div className="topbar__end">
          {session && <PresenceList awareness={session.provider.awareness} />}
          <IdentityControl identity={identity} />
          <CopyLinkButton />
        </div>
      </header>
      <main className="document-main" aria-busy={!ready}>
        <div className="document-column">
          {session && ready ? (
            <CollaborativeEditor session={session} user={identity} />
          ) : (
            <p className="document-loading">Loading document…</p>
          )}
        </div>
      </main>
    </div>
  )
}
