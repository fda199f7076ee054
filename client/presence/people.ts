import { HEX_COLOR_PATTERN, IDENTITY_ID_PATTERN, USER_NAME_MAX_LENGTH } from '../../shared/identity.ts'

export interface Person {
  clientId: number
  /** The same in every tab of one browser profile (the `user.id` it publishes); null from clients that publish none. */
  identityId: string | null
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
  const { name, color, id } = user as Record<string, unknown>
  if (typeof name !== 'string' || name.trim() === '') return null
  return {
    clientId,
    identityId: typeof id === 'string' && IDENTITY_ID_PATTERN.test(id) ? id : null,
    name: name.trim().slice(0, USER_NAME_MAX_LENGTH),
    color: typeof color === 'string' && HEX_COLOR_PATTERN.test(color) ? color : '#6b7280',
    isYou: clientId === selfId,
    lastActive: typeof lastActive === 'number' && Number.isFinite(lastActive) ? lastActive : null,
    hasCursor: typeof cursor === 'object' && cursor !== null,
  }
}

/**
 * Everyone with a `user` in awareness, one entry per client id, you first, then by
 * name. The same person in two tabs has two client ids and shows twice here (each
 * tab has its own caret); `onePerPerson` makes them one for the people list.
 */
export function peopleFromAwareness(states: ReadonlyMap<number, unknown>, selfId: number): Person[] {
  const people: Person[] = []
  for (const [clientId, state] of states) {
    const person = asPerson(clientId, state, selfId)
    if (person) people.push(person)
  }
  return people.sort((a, b) => Number(b.isYou) - Number(a.isYou) || a.name.localeCompare(b.name) || a.clientId - b.clientId)
}

/** The tab to stand for a person: yours, else the one with a caret that had input last. */
function representative(tabs: readonly Person[]): Person {
  const rank = (tab: Person): number => (tab.isYou ? 2 : 0) + (tab.hasCursor ? 1 : 0)
  return tabs.reduce((best, tab) => (rank(tab) > rank(best) || (rank(tab) === rank(best) && (tab.lastActive ?? 0) > (best.lastActive ?? 0)) ? tab : best))
}

/**
 * One entry per person, in the order given: the tabs that publish the same identity id become one, standing for
 * the tab that `representative` picks (its client id is where "go to their cursor" goes), active when any of them
 * is and last active at the latest of them. A person is you when any of the tabs is yours: your other tabs are you.
 * Clients that publish no id stay one entry each: a name alone is not proof of being the same person.
 */
export function onePerPerson(people: readonly Person[]): Person[] {
  const tabsByIdentity = new Map<string, Person[]>()
  for (const person of people) {
    if (person.identityId === null) continue
    const tabs = tabsByIdentity.get(person.identityId)
    if (tabs) tabs.push(person)
    else tabsByIdentity.set(person.identityId, [person])
  }
  const merged: Person[] = []
  for (const person of people) {
    if (person.identityId === null) {
      merged.push(person)
      continue
    }
    const tabs = tabsByIdentity.get(person.identityId)
    if (tabs?.[0] !== person) continue
    const times = tabs.map((tab) => tab.lastActive).filter((time) => time !== null)
    merged.push({
      ...representative(tabs),
      isYou: tabs.some((tab) => tab.isYou),
      hasCursor: tabs.some((tab) => tab.hasCursor),
      // A tab that publishes no time is not assumed idle (activity.ts), so neither is its person.
      lastActive: times.length < tabs.length ? null : Math.max(...times),
    })
  }
  return merged
}
