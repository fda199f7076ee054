import { useSyncExternalStore } from 'react'

/** Phones and narrow windows: the width where global.css switches the header to its compact form. */
export const NARROW_SCREEN_QUERY = '(max-width: 640px)'

function subscribe(listener: () => void): () => void {
  const query = matchMedia(NARROW_SCREEN_QUERY)
  query.addEventListener('change', listener)
  return () => query.removeEventListener('change', listener)
}

/** True while the window is phone-narrow; follows rotation and resizing. */
export function useNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => matchMedia(NARROW_SCREEN_QUERY).matches)
}
