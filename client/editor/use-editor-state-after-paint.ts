import type { Editor } from '@tiptap/react'
import { useEffect, useRef, useState } from 'react'
import { plainDataEqual } from './plain-data-equal.ts'

/**
 * Like Tiptap's useEditorState, but the selector runs after the frame that
 * shows a transaction, at most once per frame, instead of inside every
 * transaction. useEditorState runs its selector (and React's re-render)
 * synchronously while the transaction is dispatched, so for an update from
 * another person the work of the toolbar and the word count sat between the
 * message arriving and the text being painted (bench/RESULTS.md, keypress).
 * The value lags the document by one frame; it is never left stale: every
 * transaction schedules a recomputation.
 */
export function useEditorStateAfterPaint<T>(editor: Editor, selector: (editor: Editor) => T): T {
  const selectorRef = useRef(selector)
  const [state, setState] = useState(() => selector(editor))

  useEffect(() => {
    selectorRef.current = selector
  })

  useEffect(() => {
    let frame: number | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    const recompute = (): void => {
      frame = null
      timer = null
      const next = selectorRef.current(editor)
      setState((current) => (plainDataEqual(current, next) ? current : next))
    }
    // requestAnimationFrame runs before the paint; the timeout it starts runs after it.
    const schedule = (): void => {
      if (frame !== null || timer !== null) return
      frame = requestAnimationFrame(() => {
        frame = null
        timer = setTimeout(recompute, 0)
      })
    }
    editor.on('transaction', schedule)
    recompute()
    return () => {
      editor.off('transaction', schedule)
      if (frame !== null) cancelAnimationFrame(frame)
      if (timer !== null) clearTimeout(timer)
    }
  }, [editor])

  return state
}
