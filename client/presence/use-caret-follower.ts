import type { Editor } from '@tiptap/core'
import { useEffect, useState, useSyncExternalStore } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { CaretFollower, type FollowState } from './caret-follower.ts'

const IDLE: FollowState = { kind: 'idle' }
const noSubscription = (): (() => void) => () => {}

/** A CaretFollower for this editor and room, and its state; null until the editor exists. */
export function useCaretFollower(editor: Editor | null, provider: WebsocketProvider | undefined): { follower: CaretFollower | null; state: FollowState } {
  const [follower, setFollower] = useState<CaretFollower | null>(null)

  useEffect(() => {
    if (!editor || !provider) return
    const created = new CaretFollower(editor, provider.awareness, () => provider.wsconnected)
    setFollower(created)
    return () => {
      created.destroy()
      setFollower(null)
    }
  }, [editor, provider])

  const state = useSyncExternalStore(follower?.subscribe ?? noSubscription, follower?.getState ?? (() => IDLE))
  return { follower, state }
}
