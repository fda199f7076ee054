import { useLayoutEffect, type RefObject } from 'react'

/** Between the follow bar and what is kept clear above it. */
const GAP_PX = 8

/**
 * Publishes how much of the bottom of the view the follow bar takes (0 while it is hidden) as
 * --follow-bar-space on the root, so that the status bar under the document (client/editor/editor-status.css)
 * stays above it: the bar floats over the page and grows with its text and the screen's width.
 */
export function useFollowBarSpace(bar: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = bar.current
    if (element === null) return
    const root = document.documentElement
    const publish = () => {
      const box = element.getBoundingClientRect()
      const space = box.height === 0 ? 0 : Math.max(0, window.innerHeight - box.top + GAP_PX)
      root.style.setProperty('--follow-bar-space', `${space}px`)
    }
    const observer = new ResizeObserver(publish)
    observer.observe(element)
    window.addEventListener('resize', publish)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', publish)
      root.style.removeProperty('--follow-bar-space')
    }
  }, [bar])
}
