import { useState } from 'react'
import { createRoomId } from '../../shared/room-id.ts'
import { createRoom } from '../access/access-api.ts'
import { getAuthMode } from '../access/auth-mode.ts'
import { navigate, roomPath } from '../app/router.ts'
import { createdHereState } from './created-here.ts'
import { createdRoomPath } from './created-room.ts'
import { createNamedRoom } from './room-creation.ts'

/**
 * Creates the room on the server, so its link opens for anyone at once (room-creation.ts).
 * Open mode names the room here (it works offline, and any unguessable id will do);
 * links mode asks the server, which names the room and signs its edit and view tokens:
 * the creator keeps both in the recent-documents list and opens the edit link.
 */
async function createDocument(): Promise<{ room: string; path: string }> {
  if ((await getAuthMode()) !== 'links') {
    const room = createRoomId()
    await createNamedRoom(room)
    return { room, path: roomPath(room) }
  }
  const created = await createRoom()
  if (created.kind === 'unreachable') throw new Error('The server cannot be reached. Check your connection and try again.')
  if (created.kind !== 'created') throw new Error(created.kind === 'refused' ? created.error : 'The server could not create a document.')
  return { room: created.room, path: createdRoomPath(created) }
}

export function NewDocumentButton() {
  const [creating, setCreating] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const start = async (): Promise<void> => {
    setCreating(true)
    setError(null)
    try {
      const { room, path } = await createDocument()
      navigate(path, createdHereState(room))
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure))
      setCreating(false)
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button--primary button--large"
        data-testid="new-document"
        disabled={creating}
        onClick={() => void start()}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" aria-hidden="true">
          <path d="M12 5v14M5 12h14" />
        </svg>
        New document
      </button>
      <p className="landing__error" role="alert">
        {error && `Could not create a document. ${error}`}
      </p>
    </>
  )
}
