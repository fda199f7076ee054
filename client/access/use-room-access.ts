import { useEffect, useState } from 'react'
import { findRecentDocument, recordDocumentAccess } from '../rooms/recent-documents.ts'
import { checkRoomAccess, type AccessCheck } from './access-api.ts'
import { readFragmentToken } from './access-token.ts'
import { getAuthMode } from './auth-mode.ts'
import { decideRoomAccess, type RoomAccess } from './room-access.ts'
import { RoomToken } from './room-token.ts'

export type RoomAccessResult = { access: RoomAccess; token: RoomToken }

/**
 * Decides, before anything of the room is opened, whether and how this page may open
 * it: the token comes from the link's fragment, else from this device's
 * recent-documents entry (the edit token first), else — in jwt mode inside an
 * iframe — from the embedding application; the server is asked over HTTP, and when
 * it cannot be reached the last permission stored on this device stands in for it.
 *
 * The token is then taken out of the address bar: what sits there gets copied into
 * chats, shown on shared screens, synced into browser history and bookmarked, and
 * an edit token passed on that way gives away more than its holder meant to. The
 * page keeps it in memory and in the recent-documents entry, so reloads and the
 * recent list still work; the share dialog is where links are handed out.
 */
export function useRoomAccess(roomId: string): { result: RoomAccessResult | null; retry: () => void } {
  // Read during the first render, before the effect below removes it from the address.
  const [fragmentToken, setFragmentToken] = useState(() => readFragmentToken(location.hash))
  const [attempt, setAttempt] = useState(0)
  const [result, setResult] = useState<RoomAccessResult | null>(null)

  useEffect(() => {
    const takeToken = (): void => {
      const token = readFragmentToken(location.hash)
      if (token === null) return
      history.replaceState(history.state, '', `${location.pathname}${location.search}`)
      // Also another link pasted into the address bar of this room's page: the room reopens with it.
      setFragmentToken(token)
    }
    takeToken()
    window.addEventListener('hashchange', takeToken)
    return () => window.removeEventListener('hashchange', takeToken)
  }, [])

  useEffect(() => {
    let current = true
    setResult(null)
    void (async () => {
      const mode = await getAuthMode()
      const remembered = findRecentDocument(roomId)
      const token = new RoomToken(roomId, fragmentToken ?? remembered?.tokens?.edit ?? remembered?.tokens?.view ?? null, mode)
      if (token.value === null) await token.refresh()
      const check: AccessCheck = navigator.onLine ? await checkRoomAccess(roomId, token.value) : { kind: 'unreachable' }
      if (check.kind === 'granted') recordDocumentAccess(roomId, check.permission, token.value)
      const offlinePermission = remembered?.permission ?? (mode === 'open' ? 'edit' : null)
      const access = decideRoomAccess(check, { hadToken: token.value !== null, offlinePermission })
      if (current) setResult({ access, token })
    })()
    return () => {
      current = false
    }
  }, [roomId, fragmentToken, attempt])

  return { result, retry: () => setAttempt((count) => count + 1) }
}
