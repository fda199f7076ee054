import { Workbox } from 'workbox-window'
import { SERVICE_WORKER_PATH, SERVICE_WORKER_SCOPE } from '../../shared/app-shell.ts'

/**
 * Registers the app shell's service worker (built by vite-plugin-pwa, see
 * vite.config.ts) and tells the page when a new version is installed and
 * waiting. The new version takes over only when the person accepts
 * (acceptUpdate): it may not match the code already running in open tabs.
 * In development there is no worker; one left by an earlier production build on
 * the same address would serve stale pages, so it is removed.
 */

let workbox: Workbox | null = null
let updateWaiting = false
let reloadWhenControlling = false
const listeners = new Set<() => void>()

export function startServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return
  if (import.meta.env.DEV) {
    void navigator.serviceWorker.getRegistrations().then((registrations) => registrations.forEach((registration) => void registration.unregister()))
    return
  }
  workbox = new Workbox(SERVICE_WORKER_PATH, { scope: SERVICE_WORKER_SCOPE })
  // Also fires when a worker was already waiting from an earlier visit.
  workbox.addEventListener('waiting', () => setUpdateWaiting(true))
  workbox.addEventListener('controlling', () => {
    if (reloadWhenControlling) location.reload()
  })
  workbox.register().catch((error: unknown) => console.warn('The offline app shell could not be installed', error))
}

export function isUpdateWaiting(): boolean {
  return updateWaiting
}

export function subscribeToUpdates(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Lets the waiting version take over; the page reloads once it controls it (a reload warns about unsaved edits first). */
export function acceptUpdate(): void {
  if (workbox === null) return
  reloadWhenControlling = true
  workbox.messageSkipWaiting()
}

export function dismissUpdate(): void {
  setUpdateWaiting(false)
}

function setUpdateWaiting(waiting: boolean): void {
  if (updateWaiting === waiting) return
  updateWaiting = waiting
  for (const listener of listeners) listener()
}
