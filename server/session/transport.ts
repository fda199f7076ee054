/**
 * The wire under a Session: WebSocket today, HTTP long-polling later, an
 * in-memory pair in tests. A Session holds everything that is not about the
 * wire; a transport only moves whole y-websocket messages.
 *
 * An implementation must guarantee:
 * - `send` delivers whole messages, in the order given, each exactly once
 *   while the transport is open; it never blocks and never drops a message;
 * - `bufferedBytes` counts every byte accepted by `send` that the operating
 *   system (or the peer, for a transport that knows) has not taken yet, and
 *   `events.progressed` is called whenever more of them were taken;
 * - `probe` asks the peer to confirm it has read everything sent before the
 *   probe; `events.probeAnswered` is called when it does;
 * - after `pauseReading` no more than what was already received is delivered
 *   until `resumeReading` (the peer is held back by the wire's own flow
 *   control, e.g. TCP), and nothing received is ever dropped;
 * - `close` ends the connection with the reason, mapped to the wire's own
 *   code in one table (server/web/reason-codes.ts); `terminate` drops it
 *   at once, for a peer that does not read; both are idempotent;
 * - `events.closed` is called exactly once, however the connection ended.
 */
import type { CloseReason } from '../close-reason.ts'

export interface TransportEvents {
  /** One whole binary message from the peer; `bytesPaid` when its bytes were spent already by `prepayBytes`. */
  message(frame: Uint8Array, bytesPaid?: boolean): void
  /**
   * A transport that receives many messages at once (an HTTP batch) spends
   * their bytes from the session's byte budget before it decodes them, so a
   * large batch pauses reading first; it then delivers them with `bytesPaid`.
   */
  prepayBytes(bytes: number): void
  /** The peer sent something the wire does not carry (e.g. a text frame); the session ends with `reason`. */
  invalid(reason: CloseReason): void
  progressed(): void
  probeAnswered(): void
  /** `code` is the wire's close code as seen, for logs and metrics. */
  closed(code: number): void
}

/** Which wire a session uses, for logs and metrics. */
export type TransportKind = 'websocket' | 'http'

export interface Transport {
  /** The wire, in every log line of its session and in metrics: `websocket`, `http` (long polling). */
  readonly kind: TransportKind
  readonly isOpen: boolean
  readonly bufferedBytes: number
  /** Called once, by the session that owns the transport. */
  bind(events: TransportEvents): void
  /** `onWritten` runs once the whole message has been taken by the OS. */
  send(message: Uint8Array, onWritten?: () => void): void
  probe(): void
  pauseReading(): void
  resumeReading(): void
  close(reason: CloseReason): void
  terminate(): void
}
