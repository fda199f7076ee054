import { useEffect } from 'react'
import type * as Y from 'yjs'
import { observeTitleSources, readDocumentTitle } from '../../shared/document-title.ts'
import { recordDocumentOpened, recordDocumentTitle } from './recent-documents.ts'

/** Titles change with every keystroke in the first line; localStorage need not. */
const TITLE_SAVE_THROTTLE_MS = 1000

/**
 * Puts the room at the top of this device's recent list and keeps its title current.
 * `doc` is null until the document has loaded, so an empty title never
 * overwrites a known one.
 */
export function useRecentDocumentTracking(roomId: string, doc: Y.Doc | null): void {
  useEffect(() => {
    recordDocumentOpened(roomId)
  }, [roomId])

  useEffect(() => {
    if (doc === null) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const save = (): void => {
      if (timer !== null) clearTimeout(timer)
      timer = null
      recordDocumentTitle(roomId, readDocumentTitle(doc))
    }
    const schedule = (): void => {
      timer ??= setTimeout(save, TITLE_SAVE_THROTTLE_MS)
    }
    // A pending title is written before the page goes away (reload, closed tab), not lost.
    const flush = (): void => {
      if (timer !== null) save()
    }
    save()
    const stopObserving = observeTitleSources(doc, schedule)
    window.addEventListener('pagehide', flush)
    return () => {
      stopObserving()
      window.removeEventListener('pagehide', flush)
      flush()
    }
  }, [roomId, doc])
}
