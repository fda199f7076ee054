import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { NodeSelection, Plugin, PluginKey, Selection, TextSelection, type Transaction } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'

/**
 * Puts a text cursor right after the image ending at `imageEnd`: at the start
 * of the text block that follows it, or in a new empty paragraph when none
 * does (the image is the last block, or a list or another image follows). As
 * in Notion and Google Docs there is always a line to type on after an image:
 * otherwise the only way past the last image would be the gap cursor, which
 * people do not know about.
 */
export function placeCaretAfterImage(tr: Transaction, imageEnd: number): Transaction {
  const $end = tr.doc.resolve(imageEnd)
  if ($end.nodeAfter?.isTextblock) return tr.setSelection(TextSelection.create(tr.doc, imageEnd + 1))
  const { paragraph } = tr.doc.type.schema.nodes
  if (paragraph === undefined || !$end.parent.canReplaceWith($end.index(), $end.index(), paragraph)) {
    return tr.setSelection(Selection.near($end, 1))
  }
  tr.insert(imageEnd, paragraph.create())
  return tr.setSelection(TextSelection.create(tr.doc, imageEnd + 1))
}

const countImages = (doc: ProseMirrorNode): number => {
  let count = 0
  doc.descendants((node) => {
    if (node.type.name === 'image') count += 1
  })
  return count
}

const isOtherPersonsChange = (tr: Transaction): boolean => (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true

/**
 * An image this person just inserted (Image form, pasted or dropped HTML, the
 * Markdown input rule) is never left selected: ProseMirror and Tiptap select an
 * inserted leaf block, so the next key typed, or the next image inserted,
 * would replace it. The selection becomes a text cursor after it instead.
 * Selecting an image by clicking it, moving it (the number of images stays the
 * same) and other people's edits are left alone.
 */
export function caretAfterInsertedImagePlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('caretAfterInsertedImage'),
    appendTransaction(transactions, oldState, newState) {
      const { selection } = newState
      if (!(selection instanceof NodeSelection) || selection.node.type.name !== 'image') return null
      if (!transactions.some((tr) => tr.docChanged) || transactions.some(isOtherPersonsChange)) return null
      if (countImages(newState.doc) <= countImages(oldState.doc)) return null
      return placeCaretAfterImage(newState.tr, selection.to)
    },
  })
}
