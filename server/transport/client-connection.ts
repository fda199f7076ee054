/**
 * One WebSocket client in one room. Incoming frames are rate-limited on
 * arrival, queued, and handled in turns by the FairScheduler; frames that
 * arrive while the room is still loading wait in the same queue, so nobody is
 * answered from a half-loaded document. A client that stops reading is
 * dropped when it has read nothing for a while (see DeliveryWatch) or its
 * send buffer grows past the limit, whichever comes first.
 */
import { WebSocket, type RawData } from 'ws'
import type { Logger } from 'pino'
import { CloseCode } from '../../shared/protocol.ts'
import type { Limits } from '../config.ts'
import { ConnectionEndingError, LimitExceededError } from '../errors.ts'
import { TokenBucket } from '../limits/token-bucket.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { Room, RoomMember } from '../room/room.ts'
import { DeliveryWatch } from './delivery-watch.ts'
import type { FairScheduler, InboxOwner } from './fair-scheduler.ts'

/** Queued frames past which we stop reading the socket (TCP backpressure). */
const PAUSE_READING_AT = 512
/** Frames a client may send before the room has loaded and answered. */
const MAX_FRAMES_BEFORE_READY = 256
/** RFC 6455 limits a close reason to 123 bytes. */
const MAX_CLOSE_REASON_BYTES = 123

let nextConnectionId = 1

export interface ClientConnectionOptions {
  roomId: string
  remoteAddress: string
  limits: Limits
  logger: Logger
  metrics: Metrics
  scheduler: FairScheduler
}

export class ClientConnection implements RoomMember, InboxOwner {
  readonly id = nextConnectionId++
  readonly awarenessClientIds = new Set<number>()
  readonly openedAt = performance.now()
  readonly roomId: string
  readonly remoteAddress: string
  bytesIn = 0
  bytesOut = 0
  /** Cleared by each heartbeat ping, set by the pong. */
  alive = true
  /** Why the server ended this connection, for the close log line. */
  closeReason: string | null = null
  private room: Room | null = null
  private inbox: Uint8Array[] = []
  private readingPaused = false
  /** Set once the socket closed: runs when the frames it delivered are handled. */
  private onFinished: (() => void) | null = null
  private readonly messageBucket: TokenBucket
  private readonly byteBucket: TokenBucket
  private readonly delivery: DeliveryWatch

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ClientConnectionOptions,
  ) {
    this.roomId = options.roomId
    this.remoteAddress = options.remoteAddress
    const { limits } = options
    this.messageBucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
    this.byteBucket = new TokenBucket(limits.bytesPerSecond, Math.max(limits.bytesPerSecond, limits.maxMessageBytes))
    this.delivery = new DeliveryWatch(limits.stoppedReadingTimeoutMs, performance.now())
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Starts serving the loaded room: its sync step 1 and awareness, then queued frames. */
  attach(room: Room): void {
    this.room = room
    room.join(this)
    if (this.inbox.length > 0) this.options.scheduler.enqueue(this)
  }

  /** The room this connection joined, once it has loaded. */
  get joinedRoom(): Room | null {
    return this.room
  }

  receive(data: RawData, isBinary: boolean): void {
    if (!this.isOpen) return
    if (!isBinary) {
      this.end(CloseCode.unsupportedData, 'Text frames are not supported; send binary y-websocket messages')
      return
    }
    const frame = toUint8Array(data)
    this.bytesIn += frame.byteLength
    this.options.metrics.countMessage('in', frame)
    if (!this.messageBucket.take()) {
      this.endByLimit(new LimitExceededError('message-rate', CloseCode.rateLimited, `Over ${this.options.limits.messagesPerSecond} messages per second; slow down and reconnect`))
      return
    }
    if (!this.byteBucket.take(frame.byteLength)) {
      this.endByLimit(new LimitExceededError('byte-rate', CloseCode.rateLimited, `Over ${this.options.limits.bytesPerSecond} bytes per second; slow down and reconnect`))
      return
    }
    if (!this.room && this.inbox.length >= MAX_FRAMES_BEFORE_READY) {
      this.endByLimit(new LimitExceededError('frames-before-ready', CloseCode.policyViolation, 'Too many messages before the room finished loading'))
      return
    }
    this.inbox.push(frame)
    if (this.inbox.length >= PAUSE_READING_AT && !this.readingPaused) {
      this.readingPaused = true
      this.socket.pause()
    }
    if (this.room) this.options.scheduler.enqueue(this)
  }

  processSome(max: number): boolean {
    const room = this.room
    if (!room) return false
    let handled = 0
    while (handled < max && this.inbox.length > 0) {
      handled += 1
      if (!this.handle(room, this.inbox.shift()!)) this.inbox = []
    }
    if (this.readingPaused && this.inbox.length < PAUSE_READING_AT / 2) {
      this.readingPaused = false
      this.socket.resume()
    }
    if (this.inbox.length > 0) return true
    this.runOnFinished()
    return false
  }

  /**
   * The socket closed. Frames it delivered before closing still count (a
   * client may send its last edits and close at once), so they are handled in
   * the scheduler's fair turns like any others rather than all at once, which
   * would stall every other room; `onFinished` runs once they are handled and
   * is when the connection may leave its room. Frames that arrived before the
   * room loaded were never answered and are dropped: the client still has them.
   */
  finish(onFinished: () => void): void {
    this.onFinished = onFinished
    if (this.room && this.inbox.length > 0) {
      this.options.scheduler.enqueue(this)
      return
    }
    this.inbox = []
    this.runOnFinished()
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return
    const now = performance.now()
    this.delivery.observeBuffered(now, this.socket.bufferedAmount)
    this.bytesOut += frame.byteLength
    this.options.metrics.countMessage('out', frame)
    this.socket.send(frame, { binary: true })
    if (this.socket.bufferedAmount > this.options.limits.maxSendBufferBytes) {
      this.dropNonReader(new LimitExceededError('send-buffer', CloseCode.slowConsumer, `Client stopped reading: over ${this.options.limits.maxSendBufferBytes} bytes waiting to be sent`))
      return
    }
    if (this.delivery.shouldProbe(now, this.bytesOut)) this.socket.ping()
  }

  /** A pong: the client reads what it is sent. */
  answered(): void {
    this.alive = true
    this.delivery.answered(performance.now())
  }

  /** Called every second: drops a client that read nothing of what it was sent for the timeout. */
  checkDelivery(): void {
    if (!this.isOpen) return
    const now = performance.now()
    this.delivery.observeBuffered(now, this.socket.bufferedAmount)
    if (!this.delivery.isStalled(now)) return
    const seconds = this.options.limits.stoppedReadingTimeoutMs / 1000
    this.dropNonReader(new LimitExceededError('stopped-reading', CloseCode.slowConsumer, `Client stopped reading: nothing read for ${seconds} s while messages waited`))
  }

  close(code: number, reason: string): void {
    this.end(code, reason)
  }

  terminate(): void {
    this.inbox = []
    this.socket.terminate()
  }

  ping(): void {
    this.socket.ping()
  }

  /** Handles one frame; false when it closed the connection. */
  private handle(room: Room, frame: Uint8Array): boolean {
    try {
      room.receive(this, frame)
      return true
    } catch (error) {
      if (error instanceof LimitExceededError) {
        this.endByLimit(error)
      } else if (error instanceof ConnectionEndingError) {
        this.options.logger.warn({ room: this.roomId, connection: this.id, closeCode: error.closeCode, reason: error.message }, 'closing connection after bad input')
        this.end(error.closeCode, error.message)
      } else {
        this.options.logger.error({ room: this.roomId, connection: this.id, err: error }, 'unexpected error while handling a message')
        this.end(CloseCode.internalError, 'Internal server error while handling your message')
      }
      return false
    }
  }

  private runOnFinished(): void {
    const onFinished = this.onFinished
    this.onFinished = null
    onFinished?.()
  }

  /** A client that does not read cannot receive a close frame either: drop the socket. */
  private dropNonReader(error: LimitExceededError): void {
    this.recordLimit(error)
    this.closeReason = error.message
    this.inbox = []
    this.socket.terminate()
  }

  private endByLimit(error: LimitExceededError): void {
    this.recordLimit(error)
    this.end(error.closeCode, error.message)
  }

  private recordLimit(error: LimitExceededError): void {
    this.options.metrics.limitHits.inc({ limit: error.limit })
    this.options.logger.warn({ room: this.roomId, connection: this.id, limit: error.limit, closeCode: error.closeCode }, 'limit hit')
  }

  private end(code: number, reason: string): void {
    this.inbox = []
    if (this.socket.readyState === WebSocket.CLOSED || this.socket.readyState === WebSocket.CLOSING) return
    this.closeReason = reason
    this.socket.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES))
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
