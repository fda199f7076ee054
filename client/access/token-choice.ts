import { decodeJwt } from 'jose'
import type { Permission } from '../../shared/access-api.ts'
import type { RoomTokens } from '../rooms/recent-documents.ts'
import type { AccessCheck } from './access-api.ts'

/**
 * The permission a link's token says it gives for `roomId`, read from its claims (`room`, `perm`) without
 * checking its signature: only to file it on this device under the right name before the server is asked.
 * The server decides what it really gives. Null for a token that is not for this room or cannot be read.
 */
export function claimedPermission(token: string, roomId: string): Permission | null {
  try {
    const { room, perm } = decodeJwt(token)
    return room === roomId && (perm === 'edit' || perm === 'view') ? perm : null
  } catch {
    return null
  }
}

/** The tokens to try, best first: the link's own (the person chose it), then this device's edit token, then its view token; each once. */
export function tokenCandidates(linkToken: string | null, kept: RoomTokens | undefined): string[] {
  const ordered = [linkToken, kept?.edit, kept?.view].filter((token): token is string => typeof token === 'string' && token !== '')
  return [...new Set(ordered)]
}

export interface TokenChoice {
  /** The token the room opens with; null when there was none to try. */
  token: string | null
  /** The server's answer for it: granted, or the answer to explain. */
  check: AccessCheck
  /** Tokens the server refused on the way: never worth trying again. */
  refused: string[]
}

/**
 * Asks the server about each candidate in turn until one is granted. A refused one (expired, withdrawn,
 * damaged) falls back to the next. Any other answer ends the search: another token would hear the same
 * (server unreachable, document deleted). With every candidate refused, the first refusal is the one to
 * explain: it belongs to the link that was opened, or to the best token this device kept.
 */
export async function chooseToken(candidates: readonly string[], check: (token: string | null) => Promise<AccessCheck>): Promise<TokenChoice> {
  const [best, ...others] = candidates
  if (best === undefined) return { token: null, check: await check(null), refused: [] }
  const firstAnswer = await check(best)
  if (firstAnswer.kind !== 'refused') return { token: best, check: firstAnswer, refused: [] }
  const refused = [best]
  for (const token of others) {
    const answer = await check(token)
    if (answer.kind !== 'refused') return { token, check: answer, refused }
    refused.push(token)
  }
  return { token: best, check: firstAnswer, refused }
}
