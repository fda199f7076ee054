import { HEX_COLOR_PATTERN, IDENTITY_ID_PATTERN, type UserIdentity } from '../../shared/identity.ts'
import { normalizeName } from './identity-name.ts'
import { createRandomIdentity } from './random-identity.ts'

const STORAGE_KEY = 'seed:identity'

function parseIdentity(raw: string | null): UserIdentity | null {
  if (raw === null) return null
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    const { name, color, id } = value as Record<string, unknown>
    if (typeof name !== 'string' || typeof color !== 'string' || !HEX_COLOR_PATTERN.test(color)) return null
    const normalized = normalizeName(name)
    if (normalized === null) return null
    return typeof id === 'string' && IDENTITY_ID_PATTERN.test(id) ? { name: normalized, color, id } : { name: normalized, color }
  } catch {
    return null
  }
}

function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

function writeStorage(identity: UserIdentity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(identity))
  } catch (error) {
    // Storage can be full or blocked; the name still applies for this visit.
    console.warn('Could not store your name on this device', error)
  }
}

let current: UserIdentity | null = null
const listeners = new Set<() => void>()

function notify(): void {
  for (const listener of listeners) listener()
}

/**
 * The identity of this browser: created on the first visit, then kept in localStorage. One stored before
 * identities had an id (or set by hand) gets one now, kept for every later tab.
 */
export function getIdentity(): UserIdentity {
  if (current === null) {
    const stored = parseIdentity(readStorage())
    current = stored ?? createRandomIdentity()
    if (current.id === undefined) current = { ...current, id: crypto.randomUUID() }
    if (current !== stored) writeStorage(current)
  }
  return current
}

export function renameIdentity(name: string): void {
  const normalized = normalizeName(name)
  if (normalized === null) return
  current = { ...getIdentity(), name: normalized }
  writeStorage(current)
  notify()
}

/** A palette colour picked so that this person stands out in a room (see chooseDistinctColor). */
export function recolorIdentity(color: string): void {
  if (!HEX_COLOR_PATTERN.test(color) || color === getIdentity().color) return
  current = { ...getIdentity(), color }
  writeStorage(current)
  notify()
}

export function subscribeToIdentity(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

// A rename in another tab applies here too, so one person never shows under two names.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return
  const changed = parseIdentity(event.newValue)
  if (changed === null) return
  const id = changed.id ?? current?.id
  // Without an id on either side, the next getIdentity() makes and stores one.
  current = id === undefined ? null : { ...changed, id }
  notify()
})
