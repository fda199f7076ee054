import { useEffect } from 'react'
import type * as Y from 'yjs'
import { readDocumentTitle } from '../editor/document-title.ts'
import { recordDocumentOpened, recordDocumentTitle } from './recent-documents.ts'

/** Titles change with every keystroke in the first line; localStorage need not. */
const TITLE_SAVE_THROTTLE_MS = 1000

/**
 * Puts the room at the top of this device's recent list and keeps its title current.
 * `fragment` is null until the document has loaded, so an empty title never
 * overwrites a known one.
 */
export function useRecentDocumentTracking(roomId: string, fragment: Y.XmlFragment | null): void {
  useEffect(() => {
    recordDocumentOpened(roomId)
  }, [roomId])

  useEffect(() => {
    if (fragment === null) return
    let timer: ReturnType<typeof setTimeout> | null = null
    const save = (): void => {
      if (timer !== null) clearTimeout(timer)
      timer = null
      recordDocumentTitle(roomId, readDocumentTitle(fragment))
    }
    const schedule = (): void => {
      timer ??= setTimeout(save, TITLE_SAVE_THROTTLE_MS)
    }
    // A pending title is written before the page goes away (reload, closed tab), not lost.
    const flush = (): void => {
      if (timer !== null) save()
    }
    save()
    fragment.observeDeep(schedule)
    window.addEventListener('pagehide', flush)
    return () => {
      fragment.unobserveDeep(schedule)
      window.removeEventListener('pagehide', flush)
      flush()
    }
  }, [roomId, fragment])
}
