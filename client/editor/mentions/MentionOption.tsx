import type { MentionCandidate } from './mention-candidates.ts'

/** One person in the `@` list: their colour, their name, and whether they are here now. */
export function MentionOption({ candidate }: { candidate: MentionCandidate }) {
  return (
    <>
      <span className="mention-option__swatch" style={{ backgroundColor: candidate.color }} aria-hidden="true" />
      <span className="mention-option__name">{candidate.name}</span>
      <span className="mention-option__where">{candidate.here ? 'here now' : 'was here'}</span>
    </>
  )
}
