import { useEffect, useReducer, useSyncExternalStore } from 'react'
import type { ConnectionMonitor } from './connection-monitor.ts'
import { describeConnection, type ConnectionStatus } from './connection-state.ts'

/** Often enough that the shown seconds never lag the real countdown by much. */
const COUNTDOWN_REFRESH_MS = 250

/** The status to show now; re-rendered while a reconnection countdown runs. */
export function useConnectionStatus(monitor: ConnectionMonitor): ConnectionStatus {
  const facts = useSyncExternalStore(monitor.subscribe, monitor.getFacts)
  const [, rerender] = useReducer((count: number) => count + 1, 0)
  const counting = facts.nextRetryAt !== null && facts.socket === 'closed'

  useEffect(() => {
    if (!counting) return
    const timer = setInterval(rerender, COUNTDOWN_REFRESH_MS)
    return () => clearInterval(timer)
  }, [counting])

  return describeConnection(facts, Date.now())
}
