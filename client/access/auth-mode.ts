import { useEffect, useState } from 'react'
import type { AuthMode } from '../../shared/access-api.ts'
import { fetchAuthMode } from './access-api.ts'

/** The last mode the server announced, so the app still knows it offline. */
const STORAGE_KEY = 'seed:auth-mode'

function rememberedMode(): AuthMode | null {
  try {
    const mode = localStorage.getItem(STORAGE_KEY)
    return mode === 'open' || mode === 'links' || mode === 'jwt' ? mode : null
  } catch {
    return null
  }
}

let modePromise: Promise<AuthMode> | null = null

/**
 * How this server controls access, asked once per page load. Offline it is the mode
 * last seen on this device, and `open` when there is none: the embedded default,
 * and the only mode in which a page can have been loaded without ever asking.
 */
export function getAuthMode(): Promise<AuthMode> {
  modePromise ??= fetchAuthMode().then((mode) => {
    if (mode === null) return rememberedMode() ?? 'open'
    try {
      localStorage.setItem(STORAGE_KEY, mode)
    } catch {
      // Storage may be off (private browsing); the mode is simply asked again next time.
    }
    return mode
  })
  return modePromise
}

/** The mode, or null until it is known. */
export function useAuthMode(): AuthMode | null {
  const [mode, setMode] = useState<AuthMode | null>(null)
  useEffect(() => {
    let current = true
    void getAuthMode().then((known) => {
      if (current) setMode(known)
    })
    return () => {
      current = false
    }
  }, [])
  return mode
}
