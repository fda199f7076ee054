/**
 * Which wire the next connection uses, as pure logic (the browser side is
 * transport-switch.ts). WebSocket first. A WebSocket attempt "reached the
 * server" once the server's first message arrived (Seed always opens with
 * its sync step 1); one that ended before that, while the browser was online,
 * failed: the upgrade was refused or blocked, or a proxy closed the socket at
 * once. After WEBSOCKET_FAILURES_BEFORE_HTTP such failures in a row the client
 * uses the HTTP fallback, and probes WebSocket in the background, ever less
 * often, until a probe reaches the server; then it moves back. Attempts made
 * while the browser is offline say nothing about WebSockets and do not count.
 * Two failures, not one: a single failure is as likely a server restarting;
 * and when the HTTP attempt gets no answer either, the server was down, not
 * WebSockets blocked, and the client tries WebSocket again.
 */
export type TransportKind = 'websocket' | 'http'

export interface TransportChoice {
  readonly transport: TransportKind
  /** WebSocket attempts (connections and probes) in a row that did not reach the server. */
  readonly webSocketFailures: number
}

export type WebSocketOutcome = 'reached-server' | 'failed-before-server'

export const WEBSOCKET_FAILURES_BEFORE_HTTP = 2
export const INITIAL_TRANSPORT_CHOICE: TransportChoice = { transport: 'websocket', webSocketFailures: 0 }

const FIRST_PROBE_DELAY_MS = 2000
export const MAX_PROBE_DELAY_MS = 30_000

export function afterWebSocketAttempt(choice: TransportChoice, outcome: WebSocketOutcome, networkOnline: boolean): TransportChoice {
  if (outcome === 'reached-server') return INITIAL_TRANSPORT_CHOICE
  if (!networkOnline) return choice
  const webSocketFailures = choice.webSocketFailures + 1
  return { transport: webSocketFailures >= WEBSOCKET_FAILURES_BEFORE_HTTP ? 'http' : 'websocket', webSocketFailures }
}

/**
 * An HTTP attempt that got no answer at all: the server is down or restarting,
 * which also explains the WebSocket failures, so the next attempt tries
 * WebSocket again rather than staying on HTTP once the server is back.
 */
export function afterHttpUnreachable(choice: TransportChoice, networkOnline: boolean): TransportChoice {
  return networkOnline ? INITIAL_TRANSPORT_CHOICE : choice
}

/** How long to wait before the next background WebSocket probe while on HTTP: 2 s, doubling to 30 s. */
export function probeDelayMs(choice: TransportChoice): number {
  const failedProbes = Math.max(0, choice.webSocketFailures - WEBSOCKET_FAILURES_BEFORE_HTTP)
  return Math.min(MAX_PROBE_DELAY_MS, FIRST_PROBE_DELAY_MS * 2 ** failedProbes)
}
