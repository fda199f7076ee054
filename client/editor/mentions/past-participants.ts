import type * as Y from 'yjs'
import { PEOPLE_FIELD } from '../../../shared/document-schema.ts'
import { HEX_COLOR_PATTERN, IDENTITY_ID_PATTERN, USER_NAME_MAX_LENGTH } from '../../../shared/identity.ts'

/**
 * The people who have edited a document, kept in the Y.Doc itself (PEOPLE_FIELD) rather than on
 * a device or the server, so everyone in the document offers the same people to mention, even
 * once they have left. Derived from mentions and awareness alone, someone who wrote half the
 * document but was never mentioned could not be named after leaving.
 */
export interface Participant {
  id: string
  name: string
  color: string
  /** When they last edited (epoch ms, their clock), renewed at most every RENEW_AFTER_MS. */
  lastEdit: number
}

/** Enough for the people who work on one document; the longest gone make room for newcomers. */
export const MAX_PARTICIPANTS = 200
/** Renewing the time on every keystroke would add an entry's worth of history to the document each time. */
const RENEW_AFTER_MS = 60 * 60 * 1000

export function participantsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(PEOPLE_FIELD)
}

/** Any client can write the map, so an entry is taken only when it looks like one this code writes. */
function asParticipant(id: string, value: unknown): Participant | null {
  if (!IDENTITY_ID_PATTERN.test(id) || typeof value !== 'object' || value === null) return null
  const { name, color, lastEdit } = value as Record<string, unknown>
  if (typeof name !== 'string' || name.trim() === '' || typeof color !== 'string' || !HEX_COLOR_PATTERN.test(color)) return null
  return { id, name: name.trim().slice(0, USER_NAME_MAX_LENGTH), color, lastEdit: typeof lastEdit === 'number' && Number.isFinite(lastEdit) ? lastEdit : 0 }
}

/** Everyone in the map, the most recent editor first. */
export function pastParticipants(map: Y.Map<unknown>): Participant[] {
  const participants: Participant[] = []
  map.forEach((value, id) => {
    const participant = asParticipant(id, value)
    if (participant) participants.push(participant)
  })
  return participants.sort((a, b) => b.lastEdit - a.lastEdit || a.name.localeCompare(b.name))
}

/**
 * Records in `doc` that `person` edited at `now`, in one transaction with `origin`: a write only when they are
 * new, renamed, recoloured or their time is stale, then the longest gone are dropped past MAX_PARTICIPANTS.
 */
export function recordParticipant(doc: Y.Doc, person: Omit<Participant, 'lastEdit'>, now: number, origin: unknown): void {
  const map = participantsMap(doc)
  const known = asParticipant(person.id, map.get(person.id))
  if (known && known.name === person.name && known.color === person.color && now - known.lastEdit < RENEW_AFTER_MS) return
  doc.transact(() => {
    map.set(person.id, { name: person.name, color: person.color, lastEdit: now })
    for (const gone of pastParticipants(map).slice(MAX_PARTICIPANTS)) map.delete(gone.id)
  }, origin)
}
