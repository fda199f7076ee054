import { createRoomId } from '../../shared/room-id.ts'
import { navigate, roomPath } from '../app/router.ts'

export function NewDocumentButton() {
  return (
    <button
      type="button"
      className="button button--primary button--large"
      data-testid="new-document"
      onClick={() => navigate(roomPath(createRoomId()))}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" aria-hidden="true">
        <path d="M12 5v14M5 12h14" />
      </svg>
      New document
    </button>
  )
}
