import { ChangeSet, simplifyChanges } from '@tiptap/pm/changeset'
import type { Node } from '@tiptap/pm/model'
import { StepMap } from '@tiptap/pm/transform'

/** Text the shown document has and the other has not, by position in the shown document. */
export interface InsertedRange {
  from: number
  to: number
}

/** Text the other document has and the shown one has not, to show struck through where it was. */
export interface DeletedText {
  /** Position in the shown document. */
  at: number
  text: string
  /** True inside a paragraph or heading; false between blocks (a whole block went). */
  inline: boolean
}

export interface VersionChanges {
  inserted: InsertedRange[]
  deleted: DeletedText[]
}

/**
 * What changed from `base` to `shown`, in `shown`'s positions, whole words at a time.
 * The two documents come from anywhere (a stored version, the live editor), with no
 * steps between them: one step map replaces the range where they differ, and
 * prosemirror-changeset diffs inside it to find what really changed.
 */
export function changesBetween(base: Node, shown: Node): VersionChanges {
  const start = base.content.findDiffStart(shown.content)
  if (start === null) return { inserted: [], deleted: [] }
  let { a: endBase, b: endShown } = base.content.findDiffEnd(shown.content) ?? { a: base.content.size, b: shown.content.size }
  // With repeated content the two scans can pass each other: the common end then starts after the common start.
  const overlap = start - Math.min(endBase, endShown)
  if (overlap > 0) {
    endBase += overlap
    endShown += overlap
  }
  const map = new StepMap([start, endBase - start, endShown - start])
  const changes = simplifyChanges(ChangeSet.create(base).addSteps(shown, [map], null).changes, shown)
  return {
    inserted: changes.filter((change) => change.toB > change.fromB).map((change) => ({ from: change.fromB, to: change.toB })),
    deleted: changes.flatMap((change) => {
      const text = base.textBetween(change.fromA, change.toA, ' ')
      return text.trim() === '' ? [] : [{ at: change.fromB, text, inline: shown.resolve(change.fromB).parent.inlineContent }]
    }),
  }
}
