import { useEffect, useRef } from 'react'
import type { ConnectionMonitor } from './connection-monitor.ts'
import { documentWasDeleted } from './connection-state.ts'

/** Calls `onDeleted` once the server says the document was deleted (the monitor has already stopped reconnecting). */
export function useDocumentDeleted(monitor: ConnectionMonitor | undefined, onDeleted: () => void): void {
  const callback = useRef(onDeleted)
  useEffect(() => {
    callback.current = onDeleted
  }, [onDeleted])

  useEffect(() => {
    if (!monitor) return
    const check = (): void => {
      if (documentWasDeleted(monitor.getFacts())) callback.current()
    }
    check()
    return monitor.subscribe(check)
  }, [monitor])
}
