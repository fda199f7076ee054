import { useEffect, useState, type RefObject } from 'react'

/** Scrolling back up by this much brings the header back (less is the jitter of typing). */
const SCROLL_UP_PX = 24

/** Keys the editor handles before any `beforeinput` (so that event never comes): they are typing too. */
const EDITING_KEYS = new Set(['Enter', 'Backspace', 'Delete'])

/**
 * On a phone the header gives its height to the document while you type: it
 * collapses at the first keystroke in the editor, and comes back when you scroll
 * up or the editor loses focus (you are done typing, or went for a control).
 * `scroller` is the element the document scrolls in; it must contain the editor.
 */
export function useCollapsingHeader(scroller: RefObject<HTMLElement | null>, narrow: boolean): boolean {
  const [collapsed, setCollapsed] = useState(false)

  useEffect(() => {
    const element = scroller.current
    if (!narrow || !element) return
    const inEditor = (node: EventTarget | null): boolean => node instanceof Element && node.closest('[contenteditable="true"]') !== null
    let lowest = element.scrollTop
    const handleInput = (event: Event): void => {
      if (!inEditor(event.target)) return
      if (event instanceof KeyboardEvent && !EDITING_KEYS.has(event.key)) return
      lowest = element.scrollTop
      setCollapsed(true)
    }
    const handleScroll = (): void => {
      const top = element.scrollTop
      // At the bottom, a scroll up is the page clamping after the header gave its height, not a person.
      const atBottom = top + element.clientHeight >= element.scrollHeight - 1
      if (top > lowest || atBottom) lowest = top
      else if (lowest - top >= SCROLL_UP_PX) {
        lowest = top
        setCollapsed(false)
      }
    }
    const handleFocusOut = (event: FocusEvent): void => {
      if (inEditor(event.target) && !inEditor(event.relatedTarget)) setCollapsed(false)
    }
    element.addEventListener('beforeinput', handleInput)
    element.addEventListener('keydown', handleInput)
    element.addEventListener('scroll', handleScroll, { passive: true })
    element.addEventListener('focusout', handleFocusOut)
    return () => {
      element.removeEventListener('beforeinput', handleInput)
      element.removeEventListener('keydown', handleInput)
      element.removeEventListener('scroll', handleScroll)
      element.removeEventListener('focusout', handleFocusOut)
    }
  }, [scroller, narrow])

  return narrow && collapsed
}
