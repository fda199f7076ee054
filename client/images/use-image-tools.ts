import { useCallback, useMemo, useState } from 'react'
import type { RoomSession } from '../connection/use-room-session.ts'
import { ImageUploads } from './image-uploads.ts'
import './images.css'

/**
 * What the room's editor needs for images: the upload extension (bound to the
 * room and its current token, which the connection check renews on
 * reconnects), whether the Image form is open, the last problem to show, and
 * how many times a caption was clicked (the image toolbar then focuses its
 * caption field).
 */
export function useImageTools(session: RoomSession) {
  const [formOpen, setFormOpen] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [captionRequest, setCaptionRequest] = useState(0)
  const extension = useMemo(
    () =>
      ImageUploads.configure({
        roomId: session.provider.roomname,
        token: () => session.provider.params.token ?? null,
        onProblem: setProblem,
        onEditCaption: () => setCaptionRequest((count) => count + 1),
      }),
    [session],
  )
  return {
    extension,
    formOpen,
    openForm: useCallback(() => setFormOpen(true), []),
    closeForm: useCallback(() => setFormOpen(false), []),
    problem,
    captionRequest,
    dismissProblem: useCallback(() => setProblem(null), []),
  }
}
