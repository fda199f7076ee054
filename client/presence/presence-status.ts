import { activityOf } from './activity.ts'
import type { Person } from './people.ts'

/**
 * What the people list says about someone:
 * - `active` / `idle`: they are here; idle after a minute without input (activity.ts). An idle person keeps their caret.
 * - `unreachable`: you have no connection to the server, so this is who was here when it dropped, shown greyed;
 *   their carets are gone until it is back, because nobody can tell where they are now.
 * - `pending`: you, with no connection and changes that only this device has (they go out when it is back).
 * Others who lose their connection simply leave the list when the server notices: nobody else can tell whether
 * they still have changes to send, and their changes merge whenever they come back.
 */
export type PresenceStatus = 'active' | 'idle' | 'unreachable' | 'pending'

export interface PresenceContext {
  /** Connected to the server and synced: the awareness states are current. */
  reachable: boolean
  /** This device has changes the server has not confirmed. */
  unsavedChanges: boolean
  now: number
  idleAfterMs: number
}

export function presenceStatusOf(person: Person, { reachable, unsavedChanges, now, idleAfterMs }: PresenceContext): PresenceStatus {
  if (person.isYou) return reachable ? 'active' : unsavedChanges ? 'pending' : 'unreachable'
  if (!reachable) return 'unreachable'
  return activityOf(person.lastActive, now, idleAfterMs)
}

/** The words for a status, after the person's name (visible in the tooltip and read out as part of the name). */
export function describePresenceStatus(status: PresenceStatus, isYou: boolean): string {
  switch (status) {
    case 'active':
      return isYou ? 'you' : 'active'
    case 'idle':
      return 'idle'
    case 'unreachable':
      return isYou ? 'you, offline' : 'last seen before the connection dropped'
    case 'pending':
      return 'you, offline — your changes are only on this device'
  }
}

/** The line beside the avatars. */
export function describeHeadcount(statuses: readonly PresenceStatus[], reachable: boolean): string {
  const people = statuses.length === 1 ? '1 person' : `${statuses.length} people`
  if (!reachable) return statuses.length > 1 ? `Not connected · ${people} last seen` : 'Not connected'
  const idle = statuses.filter((status) => status === 'idle').length
  return idle > 0 ? `${people} here · ${idle} idle` : `${people} here`
}
