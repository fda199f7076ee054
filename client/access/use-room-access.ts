import { useEffect, useState } from 'react'
import { markCreatedHere, wasCreatedHere } from '../rooms/created-here.ts'
import { createNamedRoom } from '../rooms/room-creation.ts'
import { findRecentDocument, forgetTokens, keepLinkToken, recordDocumentAccess } from '../rooms/recent-documents.ts'
import { checkRoomAccess, checkRoomExists } from './access-api.ts'
import { readFragmentToken } from './access-token.ts'
import { getAuthMode } from './auth-mode.ts'
import { decideRoomAccess, type RoomAccess } from './room-access.ts'
import { RoomToken } from './room-token.ts'
import { chooseToken, claimedPermission, tokenCandidates, type TokenChoice } from './token-choice.ts'

export type RoomAccessResult = { access: RoomAccess; token: RoomToken }

/**
 * Decides, before anything of the room is opened, whether and how this page may open
 * it: the token comes from the link's fragment, else from this device's
 * recent-documents entry (the edit token first), else — in jwt mode inside an
 * iframe — from the embedding application; the server is asked over HTTP (a token it
 * refuses falls back to the next, token-choice.ts, and is forgotten), and when it
 * cannot be reached the last permission stored on this device stands in for it.
 * A link's token is kept on this device as it arrives, whatever page it leads to.
 *
 * The token is then taken out of the address bar: what sits there gets copied into
 * chats, shown on shared screens, synced into browser history and bookmarked, and
 * an edit token passed on that way gives away more than its holder meant to. The
 * page keeps it in memory and in the recent-documents entry, so reloads and the
 * recent list still work; the share dialog is where links are handed out.
 */
export function useRoomAccess(roomId: string): { result: RoomAccessResult | null; retry: () => void; create: () => void } {
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
      // Read before the link's token is kept: whether this device knew the room decides below if its existence is asked.
      const remembered = findRecentDocument(roomId)
      const claimed = fragmentToken === null ? null : claimedPermission(fragmentToken, roomId)
      if (fragmentToken !== null && claimed !== null) keepLinkToken(roomId, claimed, fragmentToken)
      const candidates = tokenCandidates(fragmentToken, remembered?.tokens)
      if (candidates.length === 0) {
        const fromEmbedder = await new RoomToken(roomId, null, mode).refresh()
        if (fromEmbedder !== null) candidates.push(fromEmbedder)
      }
      const choice: TokenChoice = navigator.onLine
        ? await chooseToken(candidates, (candidate) => checkRoomAccess(roomId, candidate))
        : { token: candidates[0] ?? null, check: { kind: 'unreachable' }, refused: [] }
      forgetTokens(roomId, choice.refused)
      const { check } = choice
      const token = new RoomToken(roomId, choice.token, mode)
      // A room this device created or has opened is a document, even before its first write reaches the server
      // (its creation may still be only on this device, room-creation.ts); anything else is asked whether it exists.
      // Not in jwt mode: there the embedding application creates rooms, and its token for a room says it exists.
      const known = remembered !== undefined || wasCreatedHere(roomId)
      const existence = check.kind === 'granted' && mode !== 'jwt' && !known ? await checkRoomExists(roomId, token.value) : null
      if (check.kind === 'granted' && existence !== 'missing' && existence !== 'deleted') recordDocumentAccess(roomId, check.permission, token.value)
      // Offline, open mode may write anywhere, but only a room known here is more than an empty page.
      const offlinePermission = remembered?.permission ?? (mode === 'open' && known ? 'edit' : null)
      const access = decideRoomAccess(check, { hadToken: token.value !== null, offlinePermission, existence })
      if (current) setResult({ access, token })
    })()
    return () => {
      current = false
    }
  }, [roomId, fragmentToken, attempt])

  return {
    result,
    retry: () => setAttempt((count) => count + 1),
    create: () => {
      markCreatedHere(roomId)
      setAttempt((count) => count + 1)
      // Open mode: created on the server too, so the link opens for others before the first keystroke. A refusal
      // (too many new documents) leaves the page as it is: the room is then created by its first write.
      void getAuthMode().then((mode) => (mode === 'open' ? createNamedRoom(roomId) : undefined)).catch(() => undefined)
    },
  }
}
