import { CloseCode } from '../../shared/protocol.ts'
import { describeRetryableClose, describeRefusal } from './close-reasons.ts'
import type { TransportKind } from './transport-choice.ts'

/** The five states the status indicator can show; `data-state` carries them to tests and styles. */
export type ConnectionState = 'connecting' | 'online-saved' | 'online-saving' | 'reconnecting' | 'offline'

/** Everything the status depends on, gathered from the browser, the provider and the save tracker. */
export interface ConnectionFacts {
  /** The browser's own idea of the network (navigator.onLine and online/offline events). */
  networkOnline: boolean
  /** The wire of the current connection (of the last one while none is open). */
  transport: TransportKind
  socket: 'closed' | 'connecting' | 'open'
  /** The current connection finished its first sync with the server. */
  synced: boolean
  /** Local changes the server has not yet confirmed as stored. */
  unsavedChanges: boolean
  /** Connections that failed or dropped since the last successful sync. */
  failedAttempts: number
  /** When the provider will open its next socket (epoch ms), if it has one scheduled. */
  nextRetryAt: number | null
  /** Close code of the last socket the server (or the network) closed, until a sync succeeds. */
  lastCloseCode: number | null
  /** The server refused us in a way that retrying cannot fix; we stay disconnected until the user retries. */
  refusal: { code: number; reason: string } | null
}

export interface ConnectionStatus {
  state: ConnectionState
  text: string
  /** Why we are not connected, when the server told us. */
  detail: string | null
  /** Offer a "Try again" button: reconnecting will not happen on its own, or not soon. */
  offerRetry: boolean
}

export const INITIAL_CONNECTION_FACTS: ConnectionFacts = {
  networkOnline: true,
  transport: 'websocket',
  socket: 'closed',
  synced: false,
  unsavedChanges: false,
  failedAttempts: 0,
  nextRetryAt: null,
  lastCloseCode: null,
  refusal: null,
}

/** The server said the document was deleted (4410, or 410 over HTTP): the page shows that instead of a connection status. */
export function documentWasDeleted(facts: ConnectionFacts): boolean {
  return facts.refusal?.code === CloseCode.documentDeleted
}

export function describeConnection(facts: ConnectionFacts, now: number): ConnectionStatus {
  if (facts.refusal) {
    // Trying again cannot bring a deleted document back.
    const offerRetry = !documentWasDeleted(facts)
    return { state: 'offline', text: describeRefusal(facts.refusal.code, facts.refusal.reason), detail: null, offerRetry }
  }
  if (!facts.networkOnline) {
    return { state: 'offline', text: 'Offline — changes kept on this device', detail: null, offerRetry: false }
  }
  if (facts.socket === 'open' && facts.synced) {
    const via = facts.transport === 'http' ? 'via HTTP · ' : ''
    return facts.unsavedChanges
      ? { state: 'online-saving', text: `Online · ${via}saving…`, detail: null, offerRetry: false }
      : { state: 'online-saved', text: `Online · ${via}saved`, detail: null, offerRetry: false }
  }
  if (facts.failedAttempts > 0) {
    const detail = facts.lastCloseCode === null ? null : describeRetryableClose(facts.lastCloseCode)
    if (facts.socket === 'closed' && facts.nextRetryAt !== null) {
      const seconds = Math.ceil((facts.nextRetryAt - now) / 1000)
      if (seconds > 0) {
        return { state: 'reconnecting', text: `Reconnecting — changes kept on this device · next try in ${seconds} s`, detail, offerRetry: seconds > 1 }
      }
    }
    return { state: 'reconnecting', text: 'Reconnecting… changes kept on this device', detail, offerRetry: false }
  }
  return { state: 'connecting', text: 'Connecting…', detail: null, offerRetry: false }
}
