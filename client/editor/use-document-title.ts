import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { observeTitleSources, readDocumentTitle } from '../../shared/document-title.ts'

/** Walking the document on every keystroke is wasted work; a title a moment late is fine. */
const TITLE_THROTTLE_MS = 1000

/** The document's title (typed, or its first line), kept up to date as anyone edits it. */
export function useDocumentTitle(doc: Y.Doc | null): string {
  const [title, setTitle] = useState('')

  useEffect(() => {
    if (doc === null) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const read = (): void => {
      timer = null
      setTitle(readDocumentTitle(doc))
    }
    const schedule = (): void => {
      timer ??= setTimeout(read, TITLE_THROTTLE_MS)
    }
    read()
    const stopObserving = observeTitleSources(doc, schedule)
    return () => {
      stopObserving()
      if (timer !== null) clearTimeout(timer)
    }
  }, [doc])

  return doc === null ? '' : title
}
