/**
 * The Transport over one `ws` WebSocket.
 *
 * Outgoing messages are written in fragments of at most FRAGMENT_BYTES (RFC
 * 6455 continuation frames; every WebSocket client reassembles them into the
 * one message it was), with at most IN_FLIGHT_BYTES handed to the socket at a
 * time. Writing a 50 MB reply as one piece would hide, until the last byte is
 * gone, whether the client reads it at all; in small pieces every completed
 * write is visible progress, a client that stops reading is noticed within
 * seconds whatever the reply's size, and a liveness ping goes out between
 * fragments (control frames may interleave with a fragmented message) instead
 * of behind the whole reply.
 */
import { WebSocket, type RawData } from 'ws'
import type { CloseReason } from '../close-reason.ts'
import type { Transport, TransportEvents } from '../session/transport.ts'
import { closeCodeFor } from '../web/reason-codes.ts'

const FRAGMENT_BYTES = 64 * 1024
const IN_FLIGHT_BYTES = 256 * 1024
/** RFC 6455 limits a close reason to 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123

interface OutgoingMessage {
  readonly data: Uint8Array
  /** Bytes of `data` already handed to the socket. */
  offset: number
  readonly onWritten: (() => void) | undefined
}

export class WebSocketTransport implements Transport {
  readonly name = 'websocket'
  private events: TransportEvents | null = null
  private readonly outbox: OutgoingMessage[] = []
  /** Bytes in the outbox not yet handed to the socket. */
  private waitingBytes = 0
  /** Bytes handed to the socket whose write has not completed. */
  private inFlightBytes = 0

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => this.received(data, isBinary))
    socket.on('pong', () => this.events?.probeAnswered())
    socket.on('close', (code) => this.events?.closed(code))
    // Errors end in 'close'; the session logs that line.
    socket.on('error', () => undefined)
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  get bufferedBytes(): number {
    return this.waitingBytes + this.inFlightBytes
  }

  bind(events: TransportEvents): void {
    this.events = events
  }

  send(message: Uint8Array, onWritten?: () => void): void {
    if (!this.isOpen) return
    this.outbox.push({ data: message, offset: 0, onWritten })
    this.waitingBytes += message.byteLength
    this.pump()
  }

  probe(): void {
    if (this.isOpen) this.socket.ping()
  }

  pauseReading(): void {
    this.socket.pause()
  }

  resumeReading(): void {
    this.socket.resume()
  }

  close(reason: CloseReason): void {
    this.dropOutbox()
    if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) return
    this.socket.close(closeCodeFor(reason.kind), truncateUtf8(reason.message, MAX_CLOSE_REASON_BYTES))
  }

  terminate(): void {
    this.dropOutbox()
    this.socket.terminate()
  }

  /** Messages not yet started will never be read by a peer we are leaving. */
  private dropOutbox(): void {
    this.outbox.length = 0
    this.waitingBytes = 0
  }

  /** Hands fragments to the socket while fewer than IN_FLIGHT_BYTES are unwritten. */
  private pump(): void {
    while (this.inFlightBytes < IN_FLIGHT_BYTES && this.outbox.length > 0 && this.isOpen) {
      const message = this.outbox[0]!
      const end = Math.min(message.offset + FRAGMENT_BYTES, message.data.byteLength)
      const fragment = message.data.subarray(message.offset, end)
      const fin = end === message.data.byteLength
      message.offset = end
      if (fin) this.outbox.shift()
      this.waitingBytes -= fragment.byteLength
      this.inFlightBytes += fragment.byteLength
      this.socket.send(fragment, { binary: true, fin }, (error) => {
        this.inFlightBytes -= fragment.byteLength
        if (error) return
        if (fin) message.onWritten?.()
        this.events?.progressed()
        this.pump()
      })
    }
  }

  private received(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.events?.invalid({ kind: 'unsupportedData', message: 'Text frames are not supported; send binary y-websocket messages' })
      return
    }
    this.events?.message(toUint8Array(data))
  }
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.byteLength <= maxBytes) return text
  return bytes.subarray(0, maxBytes - 3).toString('utf8').replace(/\uFFFD$/, '') + '...'
}
