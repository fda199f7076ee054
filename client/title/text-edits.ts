/** One edit of a line of text: remove `deleteCount` characters at `index`, then insert `insert` there. */
export interface TextEdit {
  index: number
  deleteCount: number
  insert: string
}

/** A change to a Y.Text as its observers see it (Y.YTextEvent's delta), in the old text's order. */
export type TextDelta = readonly { insert?: unknown; retain?: number; delete?: number }[]

/**
 * The edit that turns `before` into `after`, where the caret ended at `caret` in `after`;
 * null when nothing changed. Only the changed span is sent, so that two people typing in
 * the same title at once both keep their words. The caret settles what text alone cannot:
 * a letter typed into a run of the same letter ("aa" → "aaa") went where the caret is.
 */
export function editBetween(before: string, after: string, caret: number): TextEdit | null {
  if (before === after) return null
  const grown = Math.max(0, after.length - before.length)
  // What was typed ends at the caret, so the unchanged start cannot reach past where it began.
  const prefixLimit = Math.min(before.length, after.length, Math.max(0, caret - grown))
  let prefix = 0
  while (prefix < prefixLimit && before[prefix] === after[prefix]) prefix++
  const suffixLimit = Math.min(before.length, after.length) - prefix
  let suffix = 0
  while (suffix < suffixLimit && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++
  return { index: prefix, deleteCount: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) }
}

/**
 * Where a position in the old text is after someone else's change. Text inserted exactly
 * at the position goes after it: two people typing at the same place each keep their own
 * caret after their own letters, so their words do not interleave.
 */
export function positionAfter(position: number, delta: TextDelta): number {
  let old = 0
  let moved = position
  for (const op of delta) {
    if (old >= position) break
    if (op.retain !== undefined) old += op.retain
    else if (op.delete !== undefined) {
      moved -= Math.min(op.delete, position - old)
      old += op.delete
    } else if (op.insert !== undefined) moved += typeof op.insert === 'string' ? op.insert.length : 1
  }
  return moved
}
