/**
 * How many words a version added and removed against the previous one, for
 * the history's change sizes: the words of each text counted as a multiset,
 * so a word moved elsewhere counts as neither, and a word typed twice more
 * counts twice. Linear in the texts' length (a word-level diff of a large
 * document would not be); the history panel shows the exact changes itself.
 */

/** Words as the history counts them: runs of letters, digits, apostrophes and joiners, in any script. */
const WORD = /[\p{L}\p{N}\p{M}'’_-]+/gu

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const [word] of text.matchAll(WORD)) counts.set(word, (counts.get(word) ?? 0) + 1)
  return counts
}

export function countWordChanges(before: string, after: string): { wordsAdded: number; wordsRemoved: number } {
  const previous = wordCounts(before)
  const next = wordCounts(after)
  let wordsAdded = 0
  let wordsRemoved = 0
  for (const [word, count] of next) wordsAdded += Math.max(0, count - (previous.get(word) ?? 0))
  for (const [word, count] of previous) wordsRemoved += Math.max(0, count - (next.get(word) ?? 0))
  return { wordsAdded, wordsRemoved }
}
