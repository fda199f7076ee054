import { CloseCode } from '../../shared/protocol.ts'

/** First retry comes quickly (a server restart is the common case), then doubles. */
const BASE_DELAY_MS = 250
export const MAX_RECONNECT_DELAY_MS = 10_000
/** After the server said "too much" (rate, connections, capacity), do not come back quickly. */
const SLOW_DOWN_DELAY_MS = 5_000
const SLOW_DOWN_CODES: ReadonlySet<number> = new Set([
  CloseCode.tooManyConnectionsFromAddress,
  CloseCode.roomFull,
  CloseCode.serverAtCapacity,
])

/**
 * How long to wait before reconnect attempt number `attempt` (1 for the first
 * retry): exponential backoff with jitter, so that clients dropped together by
 * a restart do not all come back in the same instant. `random` is in [0, 1).
 */
export function reconnectDelayMs(attempt: number, lastCloseCode: number | null, random: number): number {
  const exponential = Math.min(MAX_RECONNECT_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1))
  const floor = lastCloseCode !== null && SLOW_DOWN_CODES.has(lastCloseCode) ? SLOW_DOWN_DELAY_MS : 0
  const ceiling = Math.max(exponential, floor)
  // "Equal jitter": between half and all of the ceiling, never below the floor.
  return Math.round(Math.max(floor, ceiling / 2 + (ceiling / 2) * random))
}
