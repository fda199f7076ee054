import type { Editor } from '@tiptap/core'
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type { Permission } from '../../shared/access-api.ts'
import { useAuthMode } from '../access/auth-mode.ts'
import { createConnectionCheck } from '../access/connection-check.ts'
import type { RoomToken } from '../access/room-token.ts'
import { ViewOnlyBadge } from '../access/ViewOnlyBadge.tsx'
import { ConnectionStatus } from '../connection/ConnectionStatus.tsx'
import { useDocumentDeleted } from '../connection/use-document-deleted.ts'
import { useRoomSession, type RoomConnectionOptions } from '../connection/use-room-session.ts'
import { CollaborativeEditor } from '../editor/CollaborativeEditor.tsx'
import { UNTITLED } from '../editor/untitled.ts'
import { useDocumentTitle } from '../editor/use-document-title.ts'
import { DownloadMenu } from '../export/DownloadMenu.tsx'
import { HistoryButton } from '../history/HistoryButton.tsx'
import { HistoryPanel } from '../history/HistoryPanel.tsx'
import { useHistoryPanel } from '../history/use-history-panel.ts'
import { IdentityControl } from '../identity/IdentityControl.tsx'
import { HeaderTools } from '../layout/HeaderTools.tsx'
import { useCollapsingHeader } from '../layout/use-collapsing-header.ts'
import { useNarrowScreen } from '../layout/use-narrow-screen.ts'
import { useIdentity } from '../identity/use-identity.ts'
import { FollowBar } from '../presence/FollowBar.tsx'
import { StorageNotice } from '../offline/StorageNotice.tsx'
import { useUnsavedEditsGuard } from '../offline/use-unsaved-edits-guard.ts'
import { PresenceList } from '../presence/PresenceList.tsx'
import { useCaretFollower } from '../presence/use-caret-follower.ts'
import { useDistinctColor } from '../presence/use-distinct-color.ts'
import { usePublishActivity } from '../presence/use-publish-activity.ts'
import { useRecentDocumentTracking } from '../rooms/use-recent-document-tracking.ts'
import { ShareControl } from '../share/ShareControl.tsx'
import { ThemeControl } from '../theme/ThemeControl.tsx'
import { DocumentTitleField } from '../title/DocumentTitleField.tsx'
import { TitleRenameButton } from '../title/TitleRenameButton.tsx'
import { Brand } from './Brand.tsx'
import { useInitialEditorFocus } from './use-initial-editor-focus.ts'

interface DocumentPageProps {
  roomId: string
  /** What the access check granted (or this device remembered); a reconnect may change it. */
  permission: Permission
  token: RoomToken
  /** The server said the document was deleted: the room page shows that instead. */
  onDeleted: () => void
}

export function DocumentPage({ roomId, permission: grantedPermission, token, onDeleted }: DocumentPageProps) {
  const identity = useIdentity()
  const mode = useAuthMode()
  const [permission, setPermission] = useState(grantedPermission)
  const connection = useMemo<RoomConnectionOptions>(
    () => ({
      token: token.value,
      createBeforeConnect: (provider: WebsocketProvider) =>
        createConnectionCheck(roomId, token, (params) => (provider.params = params), setPermission),
    }),
    [roomId, token],
  )
  const { session, ready } = useRoomSession(roomId, identity, connection)
  useDocumentDeleted(session?.monitor, onDeleted)
  const deviceStorage = useUnsavedEditsGuard(session)
  const loadedDoc = ready && session ? session.ydoc : null
  const title = useDocumentTitle(loadedDoc)
  useRecentDocumentTracking(roomId, loadedDoc)
  const heading = ready ? title || UNTITLED : 'Opening document…'
  const editable = permission === 'edit'
  const [editor, setEditor] = useState<Editor | null>(null)
  useDistinctColor(session?.provider)
  usePublishActivity(session?.provider.awareness)
  const follow = useCaretFollower(editor, session?.provider)
  const column = useRef<HTMLDivElement>(null)
  const titleField = useRef<HTMLInputElement>(null)
  useInitialEditorFocus(column, session, ready, editable)
  const main = useRef<HTMLElement>(null)
  const headerCollapsed = useCollapsingHeader(main, useNarrowScreen())
  const history = useHistoryPanel()
  const historyId = useId()
  const [previewSlot, setPreviewSlot] = useState<HTMLDivElement | null>(null)

  // Selected, so that typing replaces the name; the arrow keys keep it instead.
  const renameDocument = (): void => {
    titleField.current?.focus()
    titleField.current?.select()
  }

  useEffect(() => {
    document.title = `${heading} · Seed`
  }, [heading])

  // Everyone sees a rename at once: carets and presence lists read the awareness `user` field.
  useEffect(() => {
    session?.provider.awareness.setLocalStateField('user', identity)
  }, [session, identity])

  return (
    <div className="page page--document" data-header={headerCollapsed ? 'collapsed' : 'shown'}>
      <header className="topbar topbar--document">
        <div className="topbar__start">
          <Brand />
          <div className="document-heading">
            <h1 className="document-heading__title">
              {ready && editable ? <TitleRenameButton title={heading} onRename={renameDocument} /> : heading}
            </h1>
            {session && <ConnectionStatus monitor={session.monitor} />}
          </div>
          {ready && <HistoryButton open={history.open} onToggle={history.toggle} controls={historyId} buttonRef={history.buttonRef} />}
          {!editable && <ViewOnlyBadge />}
        </div>
        <div className="topbar__end">
          {session && <PresenceList provider={session.provider} monitor={session.monitor} onJump={follow.follower?.jumpTo} />}
          <HeaderTools>
            <IdentityControl identity={identity} />
            {editor && ready && <DownloadMenu editor={editor} title={title || UNTITLED} />}
            <ShareControl roomId={roomId} mode={mode} />
            <ThemeControl />
          </HeaderTools>
        </div>
      </header>
      <StorageNotice deviceStorage={deviceStorage} />
      <div className="document-body">
        <main className="document-main" ref={main} aria-busy={!ready}>
          {/* A version chosen in the history panel is shown in the next column instead; the editor stays, hidden. */}
          <div className="document-column" ref={column} hidden={history.previewed !== null}>
            {session && ready ? (
              <>
                <DocumentTitleField
                  doc={session.ydoc}
                  inputRef={titleField}
                  placeholder={title || UNTITLED}
                  editable={editable}
                  onDone={() => editor?.commands.focus('start')}
                />
                <CollaborativeEditor session={session} user={identity} editable={editable} onEditor={setEditor} />
              </>
            ) : (
              <p className="document-loading">Loading document…</p>
            )}
          </div>
          <div className="document-column" ref={setPreviewSlot} hidden={history.previewed === null} />
        </main>
        {history.open && session && ready && (
          <HistoryPanel
            id={historyId}
            roomId={roomId}
            doc={session.ydoc}
            token={token.value}
            editable={editable}
            liveEditor={editor}
            previewed={history.previewed}
            previewSlot={previewSlot}
            onPreview={history.preview}
            onClose={history.close}
          />
        )}
      </div>
      {session && follow.follower && <FollowBar follower={follow.follower} state={follow.state} provider={session.provider} />}
    </div>
  )
}
