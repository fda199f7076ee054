/**
 * Word and character counts of the document and of the selection.
 *
 * Words are what Intl.Segmenter calls word-like, so they are counted the way the
 * language is written: "don't" and "3.14" are one word, "well-known" two (as in
 * most browsers' own segmentation), and Chinese or Japanese text without spaces is
 * split by the browser's dictionary rather than counted as one word per line.
 * Characters are grapheme clusters (what a person sees as one character: "é" or
 * "👍🏽" is one), spaces included; the line breaks between blocks and the breaks
 * within a block are not characters anyone typed as text, so they do not count.
 */
import type { Node as ProseMirrorNode } from '@tiptap/pm/model'

export interface TextCount {
  words: number
  characters: number
}

const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const LINE_BREAK = /^(\r\n|\r|\n)$/

/** Line breaks and inline nodes that are not text (images) separate words but are no characters. */
const BREAK = '\n'

export function countText(text: string): TextCount {
  let words = 0
  for (const segment of wordSegmenter.segment(text)) if (segment.isWordLike) words++
  let characters = 0
  for (const { segment } of graphemeSegmenter.segment(text)) if (!LINE_BREAK.test(segment)) characters++
  return { words, characters }
}

const blockCounts = new WeakMap<ProseMirrorNode, TextCount>()
const documentCounts = new WeakMap<ProseMirrorNode, TextCount>()

function countBlock(block: ProseMirrorNode): TextCount {
  let count = blockCounts.get(block)
  if (count === undefined) {
    count = countText(block.textBetween(0, block.content.size, BREAK, BREAK))
    blockCounts.set(block, count)
  }
  return count
}

/**
 * The whole document's count. ProseMirror keeps unchanged blocks as the same
 * objects from one version of the document to the next, so only the blocks a
 * keystroke (anyone's) changed are counted again.
 */
export function countDocument(doc: ProseMirrorNode): TextCount {
  const known = documentCounts.get(doc)
  if (known !== undefined) return known
  const total: TextCount = { words: 0, characters: 0 }
  doc.descendants((node) => {
    if (!node.isTextblock) return true
    const count = countBlock(node)
    total.words += count.words
    total.characters += count.characters
    return false
  })
  documentCounts.set(doc, total)
  return total
}

/** The count of the text between two positions (a selection), blocks apart as in the document. */
export function countRange(doc: ProseMirrorNode, from: number, to: number): TextCount {
  return countText(doc.textBetween(from, to, BREAK, BREAK))
}

function quantity(count: number, unit: string): string {
  return `${count.toLocaleString()} ${unit}${count === 1 ? '' : 's'}`
}

/** "340 words · 1,920 characters", or with a selection "12 of 340 words · 61 of 1,920 characters". */
export function describeCount(total: TextCount, selection: TextCount | null): string {
  if (selection === null) return `${quantity(total.words, 'word')} · ${quantity(total.characters, 'character')}`
  return `${selection.words.toLocaleString()} of ${quantity(total.words, 'word')} · ${selection.characters.toLocaleString()} of ${quantity(total.characters, 'character')}`
}
