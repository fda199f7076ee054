import { HEX_COLOR_PATTERN, USER_NAME_MAX_LENGTH } from '../../shared/identity.ts'

export interface Person {
  clientId: number
  name: string
  color: string
  isYou: boolean
  /** When their last input was (epoch ms, their clock), if their client publishes it; see activity.ts. */
  lastActive: number | null
  /** They have a caret in the document (someone who never clicked into it has none). */
  hasCursor: boolean
}

/** The awareness field that carries a person's last input time. */
export const LAST_ACTIVE_FIELD = 'lastActive'

function asPerson(clientId: number, state: unknown, selfId: number): Person | null {
  if (typeof state !== 'object' || state === null) return null
  const { user, cursor, [LAST_ACTIVE_FIELD]: lastActive } = state as Record<string, unknown>
  if (typeof user !== 'object' || user === null) return null
  const { name, color } = user as Record<string, unknown>
  if (typeof name !== 'string' || name.trim() === '') return null
  return {
    clientId,
    name: name.trim().slice(0, USER_NAME_MAX_LENGTH),
    color: typeof color === 'string' && HEX_COLOR_PATTERN.test(color) ? color : '#6b7280',
    isYou: clientId === selfId,
    lastActive: typeof lastActive === 'number' && Number.isFinite(lastActive) ? lastActive : null,
    hasCursor: typeof cursor === 'object' && cursor !== null,
  }
}

/**
 * Everyone with a `user` in awareness, one entry per client id, you first, then by
 * name. The same person in two tabs has two client ids and shows twice: each tab
 * has its own caret.
 */
export function peopleFromAwareness(states: ReadonlyMap<number, unknown>, selfId: number): Person[] {
  const people: Person[] = []
  for (const [clientId, state] of states) {
    const person = asPerson(clientId, state, selfId)
    if (person) people.push(person)
  }
  return people.sort((a, b) => Number(b.isYou) - Number(a.isYou) || a.name.localeCompare(b.name) || a.clientId - b.clientId)
}
