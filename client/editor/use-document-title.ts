import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { TITLE_FIELD } from '../../shared/document-schema.ts'
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
    // A change to the typed title is read at once (the document is walked only when it is blank):
    // the header and the tab follow a renaming as it is typed.
    const readNow = (): void => {
      if (timer !== null) clearTimeout(timer)
      read()
    }
    read()
    const stopObserving = observeTitleSources(doc, schedule)
    const typedTitle = doc.getText(TITLE_FIELD)
    typedTitle.observe(readNow)
    return () => {
      stopObserving()
      typedTitle.unobserve(readNow)
      if (timer !== null) clearTimeout(timer)
    }
  }, [doc])

  return doc === null ? '' : title
}
