import { useEffect, type RefObject } from 'react'
import type * as Y from 'yjs'
import { editBetween, positionAfter } from './text-edits.ts'

/**
 * Keeps a one-line input and a Y.Text the same: what is typed goes into the Y.Text as the
 * span that changed (so two people typing at once both keep their words), and others'
 * changes come into the input with the caret and selection kept where they were in the text.
 */
export function useTextBinding(input: RefObject<HTMLInputElement | null>, text: Y.Text): void {
  useEffect(() => {
    const element = input.current
    const doc = text.doc
    if (!element || !doc) return
    // Marks this input's own transactions, which are already on the screen.
    const origin = Symbol('title input')
    element.value = text.toString()

    const handleInput = (): void => {
      const edit = editBetween(text.toString(), element.value, element.selectionEnd ?? element.value.length)
      if (!edit) return
      doc.transact(() => {
        if (edit.deleteCount > 0) text.delete(edit.index, edit.deleteCount)
        if (edit.insert) text.insert(edit.index, edit.insert)
      }, origin)
    }

    const handleChange = (event: Y.YTextEvent): void => {
      if (event.transaction.origin === origin) return
      const { selectionStart, selectionEnd, selectionDirection } = element
      element.value = text.toString()
      // Setting the value puts the caret at the end: put it back where it was in the text.
      if (element.ownerDocument.activeElement === element && selectionStart !== null && selectionEnd !== null) {
        element.setSelectionRange(positionAfter(selectionStart, event.delta), positionAfter(selectionEnd, event.delta), selectionDirection ?? undefined)
      }
    }

    element.addEventListener('input', handleInput)
    text.observe(handleChange)
    return () => {
      element.removeEventListener('input', handleInput)
      text.unobserve(handleChange)
    }
  }, [input, text])
}
