import { useSyncExternalStore } from 'react'
import { ROOM_PAGE_PREFIX } from '../../shared/protocol.ts'

export type Route = { page: 'home' } | { page: 'room'; roomId: string } | { page: 'not-found' }

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' }
  if (pathname.startsWith(ROOM_PAGE_PREFIX)) {
    const raw = pathname.slice(ROOM_PAGE_PREFIX.length)
    try {
      return { page: 'room', roomId: decodeURIComponent(raw) }
    } catch {
      // A malformed escape is still a room link, just an invalid one: say so on the room page.
      return { page: 'room', roomId: raw }
    }
  }
  return { page: 'not-found' }
}

export function roomPath(roomId: string): string {
  return `${ROOM_PAGE_PREFIX}${encodeURIComponent(roomId)}`
}

const NAVIGATE_EVENT = 'seed:navigate'

/** `state` travels with the history entry, e.g. that this device just created the room (see created-here.ts). */
export function navigate(path: string, state: unknown = null): void {
  if (path === location.pathname) return
  history.pushState(state, '', path)
  window.scrollTo(0, 0)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener)
  window.addEventListener(NAVIGATE_EVENT, listener)
  return () => {
    window.removeEventListener('popstate', listener)
    window.removeEventListener(NAVIGATE_EVENT, listener)
  }
}

function getPathname(): string {
  return location.pathname
}

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getPathname))
}
