import { useCallback, useEffect, useRef, useState } from 'react'
import { listVersions } from './versions-api.ts'
import type { VersionSummary } from './version-days.ts'

/** About as often as the server records a version after quiet (VERSION_AFTER_IDLE_MS's default). */
const REFRESH_EVERY_MS = 30_000

export interface VersionsState {
  /** The last list the server gave; null until the first arrives. */
  versions: VersionSummary[] | null
  loading: boolean
  /** Why the last request failed, as a sentence to show; null when it did not. */
  error: string | null
}

/** The document's versions, newest first: asked for when the panel opens, every half minute, and on reload (after a save or restore). */
export function useVersions(roomId: string, token: string | null): VersionsState & { reload: () => Promise<void> } {
  const [state, setState] = useState<VersionsState>({ versions: null, loading: true, error: null })
  const latest = useRef(0)

  const reload = useCallback(async () => {
    // Only the newest request's answer counts: an earlier, slower one must not overwrite it.
    const request = ++latest.current
    setState((current) => ({ ...current, loading: true }))
    const result = await listVersions(roomId, token)
    if (request !== latest.current) return
    setState((current) =>
      result.ok
        ? { versions: [...result.value].sort((a, b) => b.createdAt - a.createdAt), loading: false, error: null }
        : { ...current, loading: false, error: result.error },
    )
  }, [roomId, token])

  useEffect(() => {
    void reload()
    // The server records versions by itself after a pause in editing: an open list follows them.
    const timer = setInterval(() => void reload(), REFRESH_EVERY_MS)
    return () => {
      clearInterval(timer)
      latest.current++
    }
  }, [reload])

  return { ...state, reload }
}
