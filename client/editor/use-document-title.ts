import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readDocumentTitle } from './document-title.ts'

/** Walking the document on every keystroke is wasted work; a title a moment late is fine. */
const TITLE_THROTTLE_MS = 1000

/** The first line of the document, kept up to date as anyone edits it. */
export function useDocumentTitle(fragment: Y.XmlFragment | null): string {
  const [title, setTitle] = useState('')

  useEffect(() => {
    if (fragment === null) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const read = (): void => {
      timer = null
      setTitle(readDocumentTitle(fragment))
    }
    const schedule = (): void => {
      timer ??= setTimeout(read, TITLE_THROTTLE_MS)
    }
    read()
    fragment.observeDeep(schedule)
    return () => {
      fragment.unobserveDeep(schedule)
      if (timer !== null) clearTimeout(timer)
    }
  }, [fragment])

  return fragment === null ? '' : title
}
