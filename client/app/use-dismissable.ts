import { useEffect, type RefObject } from 'react'

/**
 * While `open`, closes a popup (menu, panel) on a pointer press outside `root`
 * and, when `escapeReturnsTo` is given, on Escape, returning focus to that
 * element (usually the button that opened it). An Escape that a form or menu
 * inside already handled (defaultPrevented) leaves the popup open.
 */
export function useDismissable(open: boolean, close: () => void, root: RefObject<HTMLElement | null>, escapeReturnsTo?: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return
    const closeOutside = (event: PointerEvent): void => {
      if (!root.current?.contains(event.target as Node)) close()
    }
    const closeOnEscape = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      close()
      escapeReturnsTo?.current?.focus()
    }
    document.addEventListener('pointerdown', closeOutside)
    if (escapeReturnsTo) document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [open, close, root, escapeReturnsTo])
}
