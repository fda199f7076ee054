import { useEffect } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { idleAfterMsFrom, shouldPublish } from './activity.ts'
import { LAST_ACTIVE_FIELD } from './people.ts'

const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const

/**
 * Publishes when this person last gave input (typing, clicking, scrolling), so the
 * others can tell active from idle: at once on the first input after a quiet spell,
 * then at most every few seconds however fast they type (activity.ts).
 */
export function usePublishActivity(awareness: Awareness | undefined): void {
  useEffect(() => {
    if (!awareness) return
    const idleAfterMs = idleAfterMsFrom(location.search)
    let lastPublished: number | null = null
    const publish = (): void => {
      const now = Date.now()
      if (!shouldPublish(lastPublished, now, idleAfterMs)) return
      lastPublished = now
      awareness.setLocalStateField(LAST_ACTIVE_FIELD, now)
    }
    // Opening the document counts as input.
    publish()
    for (const type of INPUT_EVENTS) window.addEventListener(type, publish, { capture: true, passive: true })
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, publish, { capture: true })
    }
  }, [awareness])
}
