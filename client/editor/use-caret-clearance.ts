import { useEffect, useState, type RefObject } from 'react'
import { caretClearance, type ScrollClearance } from './caret-clearance.ts'

function measure(root: HTMLElement): ScrollClearance {
  return caretClearance(
    Array.from(root.children, (bar) => {
      const style = getComputedStyle(bar)
      return { position: style.position, top: style.top, bottom: style.bottom, height: bar.getBoundingClientRect().height }
    }),
  )
}

/**
 * The caret clearance of the editor whose root is `root` (its sticky bars are its
 * children), measured again whenever a bar changes height (the find bar opens, the
 * toolbar wraps) or the window changes size (a phone's status bar stops sticking).
 */
export function useCaretClearance(root: RefObject<HTMLElement | null>): ScrollClearance | undefined {
  const [clearance, setClearance] = useState<ScrollClearance>()

  useEffect(() => {
    const element = root.current
    if (!element) return
    const update = (): void =>
      setClearance((previous) => {
        const next = measure(element)
        return previous && Object.entries(next).every(([side, value]) => previous[side as keyof ScrollClearance] === value) ? previous : next
      })
    const resizes = new ResizeObserver(update)
    const observeBars = (): void => {
      for (const bar of element.children) resizes.observe(bar)
    }
    observeBars()
    // Bars come and go (the find bar's shelf for a reader): observe the new ones too.
    const arrivals = new MutationObserver(() => {
      observeBars()
      update()
    })
    arrivals.observe(element, { childList: true })
    window.addEventListener('resize', update)
    update()
    return () => {
      resizes.disconnect()
      arrivals.disconnect()
      window.removeEventListener('resize', update)
    }
  }, [root])

  return clearance
}
