import type { Person } from '../../presence/people.ts'
import type { Participant } from './past-participants.ts'

/** Someone the `@` list offers. */
export interface MentionCandidate {
  /** Their identity id (shared/identity.ts): the mention's stable reference to them. */
  id: string
  name: string
  color: string
  /** In the document now, rather than someone who was. */
  here: boolean
}

/** As many as the list shows at once: typing more narrows it. */
export const MAX_CANDIDATES = 8

/** 0 when the name starts with the query, 1 when one of its words does, 2 when it only contains it, null when not at all. */
function matchRank(name: string, query: string): number | null {
  const lower = name.toLocaleLowerCase()
  if (lower.startsWith(query)) return 0
  if (lower.split(/\s+/).some((word) => word.startsWith(query))) return 1
  return lower.includes(query) ? 2 : null
}

/**
 * The people to offer for `query` (what follows the `@`): those here now (one per person, as
 * people.ts's onePerPerson gives them) under their current name, then those who were here,
 * most recent first; never you, and never someone without an identity id, who could not be
 * told apart later. Better matches come first; within a rank, the order above.
 */
export function mentionCandidates(here: readonly Person[], past: readonly Participant[], query: string, youId: string | null): MentionCandidate[] {
  const seen = new Set<string>(youId === null ? [] : [youId])
  const everyone: MentionCandidate[] = []
  for (const person of here) {
    if (person.isYou || person.identityId === null || seen.has(person.identityId)) continue
    seen.add(person.identityId)
    everyone.push({ id: person.identityId, name: person.name, color: person.color, here: true })
  }
  for (const participant of past) {
    if (seen.has(participant.id)) continue
    seen.add(participant.id)
    everyone.push({ id: participant.id, name: participant.name, color: participant.color, here: false })
  }
  const needle = query.trim().toLocaleLowerCase()
  return everyone
    .map((candidate, order) => ({ candidate, order, rank: matchRank(candidate.name, needle) }))
    .filter((entry): entry is { candidate: MentionCandidate; order: number; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .slice(0, MAX_CANDIDATES)
    .map((entry) => entry.candidate)
}
