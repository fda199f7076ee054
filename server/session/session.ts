/**
 * One client in one room, over any Transport. Everything that is not about
 * the wire lives here: identity and permission, rate budgets, the queue of
 * frames that arrive before the room has loaded, fair turns, the awareness
 * client ids this client introduced, and why the session ended.
 *
 * Incoming frames are never dropped for arriving too fast: they are queued,
 * their cost is spent from the rate budgets, and while a budget is in debt
 * (or the queue is long, or the room is still loading) the session stops
 * reading its transport, so the client is slowed by backpressure. A client
 * that stops reading what it is sent is dropped within seconds of its last
 * progress (see DeliveryWatch), however large a legitimate reply is.
 */
import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import type { Limits } from '../config.ts'
import { LimitExceededError, SessionEndingError } from '../errors.ts'
import { TokenBucket } from '../limits/token-bucket.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { RefusalLog } from '../observability/refusal-log.ts'
import { encodePermissionDenied } from '../protocol/encode-message.ts'
import type { Room, RoomMember } from '../room/room.ts'
import type { Identity, Permission } from '../admission/authorization.ts'
import type { CloseReason } from '../close-reason.ts'
import { DeliveryWatch } from './delivery-watch.ts'
import type { FairScheduler, InboxOwner } from './fair-scheduler.ts'
import type { Transport, TransportEvents, TransportKind } from './transport.ts'

/** The longest delay setTimeout takes (2^31 - 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1
/** Queued frames past which the session stops reading its transport. */
const PAUSE_READING_AT = 512
/** Queued frames before the room loaded past which the session stops reading. */
const PAUSE_READING_BEFORE_READY_AT = 256
/**
 * A paused WebSocket still delivers the messages of the chunk it is parsing
 * (64 KiB of 2-byte frames at most) and one message whose bytes already
 * arrived; a queue past these bounds means a transport that ignores
 * pauseReading, and memory must stay bounded.
 */
const MAX_QUEUED_FRAMES = 64 * 1024
const maxQueuedBytes = (limits: Limits) => 2 * limits.maxMessageBytes + 1024 * 1024

export interface SessionOptions {
  roomId: string
  clientAddress: string
  identity: Identity
  permission: Permission
  /** When the credentials expire (ms since the epoch): the session then tells the client and closes. Null: never. */
  expiresAt: number | null
  limits: Limits
  logger: Logger
  /** Limit hits are logged at most once per limit per interval, with a count of the rest. */
  refusals: RefusalLog
  metrics: Metrics
  scheduler: FairScheduler
  /** The transport closed, with the wire's close code as seen. */
  onClosed: (code: number) => void
}

type PauseCause = 'backlog' | 'loading' | 'rate'

export class Session implements RoomMember, InboxOwner {
  /** Random: unique across the instances of a cluster, whose logs are read together. */
  readonly id = randomBytes(9).toString('base64url')
  readonly awarenessClientIds = new Set<number>()
  readonly openedAt = performance.now()
  readonly roomId: string
  readonly clientAddress: string
  readonly identity: Identity
  readonly permission: Permission
  bytesIn = 0
  bytesOut = 0
  /** Why the server ended this session, for the close log line. */
  endReason: CloseReason | null = null
  /** This session's log lines: each names the session, its room, transport, client address, permission and user. */
  readonly log: Logger
  private room: Room | null = null
  private inbox: Uint8Array[] = []
  private inboxBytes = 0
  private readonly pausedBy = new Set<PauseCause>()
  private rateTimer: NodeJS.Timeout | null = null
  private expiryTimer: NodeJS.Timeout | null = null
  /** Set once the transport closed: runs when the frames it delivered are handled. */
  private onFinished: (() => void) | null = null
  /** Messages handed to the transport and not yet written, oldest first; see `unexemptBufferedBytes`. */
  private readonly unwritten: { bytes: number; exemptReply: boolean }[] = []
  /** Unwritten bytes of the one sync reply in flight, which the send-buffer limit does not count (0 when none). */
  private exemptReplyBytes = 0
  private readonly messageBudget: TokenBucket
  private readonly byteBudget: TokenBucket
  private readonly delivery: DeliveryWatch

  constructor(
    private readonly transport: Transport,
    private readonly options: SessionOptions,
  ) {
    this.roomId = options.roomId
    this.clientAddress = options.clientAddress
    this.identity = options.identity
    this.permission = options.permission
    this.log = options.logger.child({
      session: this.id,
      room: this.roomId,
      transport: transport.kind,
      clientAddress: this.clientAddress,
      permission: this.permission,
      // The credentials' subject and display name (a jwt token's `sub` and `name`); null when anonymous.
      user: this.identity.subject,
      userName: this.identity.name,
    })
    const { limits } = options
    this.messageBudget = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
    this.byteBudget = new TokenBucket(limits.bytesPerSecond, Math.max(limits.bytesPerSecond, limits.maxMessageBytes))
    this.delivery = new DeliveryWatch(limits.stoppedReadingTimeoutMs, performance.now())
    transport.bind(this.transportEvents(options))
    if (options.expiresAt !== null) this.expireAt(options.expiresAt)
  }

  get isOpen(): boolean {
    return this.transport.isOpen
  }

  get transportKind(): TransportKind {
    return this.transport.kind
  }

  /** The room this session joined, once it has loaded. */
  get joinedRoom(): Room | null {
    return this.room
  }

  /** Starts serving the loaded room: its sync step 1 and awareness, then queued frames. */
  attach(room: Room): void {
    this.room = room
    room.join(this)
    this.updateReading()
    if (this.inbox.length > 0) this.options.scheduler.enqueue(this)
  }

  processSome(max: number): boolean {
    const room = this.room
    if (!room) return false
    let handled = 0
    while (handled < max && this.inbox.length > 0) {
      handled += 1
      const frame = this.inbox.shift()!
      this.inboxBytes -= frame.byteLength
      if (!this.handle(room, frame)) this.clearInbox()
    }
    this.updateReading()
    if (this.inbox.length > 0) return true
    this.runOnFinished()
    return false
  }

  /**
   * The transport closed. Frames it delivered before closing still count (a
   * client may send its last edits and close at once), so they are handled in
   * the scheduler's fair turns like any others rather than all at once, which
   * would stall every other room; `onFinished` runs once they are handled and
   * is when the session may leave its room. Frames that arrived before the
   * room loaded were never answered and are dropped: the client still has them.
   */
  finish(onFinished: () => void): void {
    this.onFinished = onFinished
    this.clearTimers()
    if (this.room && this.inbox.length > 0) {
      this.options.scheduler.enqueue(this)
      return
    }
    this.clearInbox()
    this.runOnFinished()
  }

  send(frame: Uint8Array): void {
    this.write(frame, false)
  }

  /** The messages answering a sync step 1: the send-buffer limit does not count them while no earlier reply is in flight. */
  sendSyncReply(frames: readonly Uint8Array[]): void {
    const exempt = this.exemptReplyBytes === 0
    for (const frame of frames) this.write(frame, exempt)
  }

  private write(frame: Uint8Array, exemptReply: boolean): void {
    if (!this.transport.isOpen) return
    const now = performance.now()
    this.delivery.sending(now, this.transport.bufferedBytes)
    this.bytesOut += frame.byteLength
    this.options.metrics.countMessage('out', frame)
    if (exemptReply) this.exemptReplyBytes += frame.byteLength
    const entry = { bytes: frame.byteLength, exemptReply }
    this.unwritten.push(entry)
    this.transport.send(frame, () => {
      this.unwritten.shift()
      if (entry.exemptReply) this.exemptReplyBytes -= entry.bytes
    })
    const { maxSendBufferBytes } = this.options.limits
    if (this.unexemptBufferedBytes() > maxSendBufferBytes) {
      this.dropNonReader(new LimitExceededError('send-buffer', 'slowConsumer', `Client stopped reading: over ${maxSendBufferBytes} bytes waiting to be sent`))
      return
    }
    if (this.delivery.shouldProbe(now, this.bytesOut, this.transport.bufferedBytes)) this.transport.probe()
  }

  /**
   * What waits to be sent, without the message being written right now and
   * the one sync reply in flight (all its messages): a legitimate message
   * larger than the limit (a big paste relayed, the reply that opens a large
   * document) is never by itself a reason to drop a client; whether the
   * client reads it is judged by the delivery watch, by progress.
   */
  private unexemptBufferedBytes(): number {
    const head = this.unwritten[0]
    const headBytes = head && !head.exemptReply ? head.bytes : 0
    return this.transport.bufferedBytes - this.exemptReplyBytes - headBytes
  }

  /**
   * Called every second: drops a client that read nothing of what it was sent for the timeout, or that
   * left a liveness probe with nothing before it unanswered for the timeout (its connection died silently).
   */
  checkDelivery(): void {
    if (!this.transport.isOpen || !this.delivery.isStalled(performance.now())) return
    const seconds = this.options.limits.stoppedReadingTimeoutMs / 1000
    if (this.delivery.hasNothingUnread()) {
      this.log.info('no answer to the last liveness probe; dropping')
      this.endReason = { kind: 'heartbeatTimeout', message: `No answer to a liveness probe for ${seconds} s` }
      this.terminate()
      return
    }
    this.dropNonReader(new LimitExceededError('stopped-reading', 'slowConsumer', `Client stopped reading: nothing read for ${seconds} s while messages waited`))
  }

  /**
   * Someone else introduced themselves with an awareness client id this
   * session holds: the peer is probed now (unless a probe is outstanding)
   * and judged by the delivery watch's usual rules, so a peer that no longer
   * reads (a half-dead socket after its client reconnected) is dropped within
   * seconds and the id passes on, while one that reads keeps it.
   */
  requestProofOfLife(): void {
    if (!this.transport.isOpen) return
    if (this.delivery.shouldProbeNow(performance.now(), this.bytesOut, this.transport.bufferedBytes)) this.transport.probe()
  }

  /**
   * Called every heartbeat interval: probes a peer that has no probe outstanding, so one whose connection
   * died without a word is noticed even when nothing is sent to it. The delivery watch judges the answer
   * (checkDelivery): one probe at a time, so each answer is known to be the one to the probe outstanding,
   * and a probe behind data gets the time a slow link needs for that data.
   */
  checkLiveness(): void {
    this.requestProofOfLife()
  }

  close(reason: CloseReason): void {
    this.clearInbox()
    this.clearTimers()
    if (!this.transport.isOpen) return
    this.endReason ??= reason
    this.transport.close(reason)
  }

  terminate(): void {
    this.clearInbox()
    this.clearTimers()
    this.transport.terminate()
  }

  private transportEvents(options: SessionOptions): TransportEvents {
    return {
      message: (frame, bytesPaid) => this.receive(frame, bytesPaid === true),
      prepayBytes: (bytes) => {
        this.byteBudget.spend(bytes)
        this.updateReading()
      },
      invalid: (reason) => {
        this.log.warn({ reason: reason.kind }, 'closing session after bad input')
        this.close(reason)
      },
      progressed: () => this.delivery.progressed(performance.now(), this.transport.bufferedBytes),
      probeAnswered: () => this.delivery.answered(performance.now()),
      closed: (code) => options.onClosed(code),
    }
  }

  private receive(frame: Uint8Array, bytesPaid: boolean): void {
    if (!this.transport.isOpen) return
    this.bytesIn += frame.byteLength
    this.options.metrics.countMessage('in', frame)
    this.messageBudget.spend(1)
    if (!bytesPaid) this.byteBudget.spend(frame.byteLength)
    if (this.inbox.length >= MAX_QUEUED_FRAMES || this.inboxBytes + frame.byteLength > maxQueuedBytes(this.options.limits)) {
      this.endByLimit(new LimitExceededError('queued-frames', 'badRequest', 'Too much queued while the server asked to pause'))
      return
    }
    this.inbox.push(frame)
    this.inboxBytes += frame.byteLength
    this.updateReading()
    if (this.room) this.options.scheduler.enqueue(this)
  }

  /** Pauses or resumes reading the transport for the causes that hold right now. */
  private updateReading(): void {
    this.setCause('backlog', this.inbox.length >= PAUSE_READING_AT || this.inboxBytes >= this.options.limits.maxMessageBytes)
    this.setCause('loading', this.room === null && this.inbox.length >= PAUSE_READING_BEFORE_READY_AT)
    const repaidInMs = Math.max(this.messageBudget.msUntilRepaid(), this.byteBudget.msUntilRepaid())
    const throttled = repaidInMs > 0 && this.onFinished === null
    if (throttled && !this.pausedBy.has('rate')) {
      this.options.metrics.throttles.inc({ limit: this.messageBudget.msUntilRepaid() > 0 ? 'message-rate' : 'byte-rate' })
      this.log.debug({ pauseMs: repaidInMs }, 'over the rate limit; reading paused')
    }
    this.setCause('rate', throttled)
    if (throttled && this.rateTimer === null) {
      this.rateTimer = setTimeout(() => {
        this.rateTimer = null
        this.updateReading()
      }, repaidInMs)
    }
  }

  private setCause(cause: PauseCause, holds: boolean): void {
    const wasPaused = this.pausedBy.size > 0
    if (holds) this.pausedBy.add(cause)
    else this.pausedBy.delete(cause)
    const paused = this.pausedBy.size > 0
    if (paused && !wasPaused) {
      this.transport.pauseReading()
      this.delivery.readingPaused()
    }
    if (!paused && wasPaused) {
      this.transport.resumeReading()
      this.delivery.readingResumed(performance.now())
    }
  }

  private clearInbox(): void {
    this.inbox = []
    this.inboxBytes = 0
  }

  private clearTimers(): void {
    if (this.rateTimer) clearTimeout(this.rateTimer)
    this.rateTimer = null
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    this.expiryTimer = null
  }

  /**
   * At `expiresAt` the client is told in the y-websocket auth message
   * (permission denied, with the reason) and the session closes as
   * `unauthorized`, so the client asks for a fresh token instead of retrying
   * with the old one. Timers run at most ~24 days: a later expiry re-arms.
   */
  private expireAt(expiresAt: number): void {
    const delay = Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS)
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = null
      if (Date.now() < expiresAt) {
        this.expireAt(expiresAt)
        return
      }
      const reason: CloseReason = { kind: 'unauthorized', message: 'Your access to this document has expired; get a new link or token' }
      this.log.info('credentials expired; closing')
      this.send(encodePermissionDenied(reason.message))
      this.close(reason)
    }, delay)
  }

  /** Handles one frame; false when it ended the session. */
  private handle(room: Room, frame: Uint8Array): boolean {
    try {
      room.receive(this, frame)
      return true
    } catch (error) {
      if (error instanceof LimitExceededError) {
        this.endByLimit(error)
      } else if (error instanceof SessionEndingError) {
        this.log.warn({ reason: error.kind, message: error.message }, 'closing session after bad input')
        this.close(error)
      } else {
        this.log.error({ err: error }, 'unexpected error while handling a message')
        this.close({ kind: 'internalError', message: 'Internal server error while handling your message' })
      }
      return false
    }
  }

  private runOnFinished(): void {
    const onFinished = this.onFinished
    this.onFinished = null
    onFinished?.()
  }

  /** A client that does not read cannot read a close message either: drop it. */
  private dropNonReader(error: LimitExceededError): void {
    this.recordLimit(error)
    this.endReason = error
    this.terminate()
  }

  private endByLimit(error: LimitExceededError): void {
    this.recordLimit(error)
    this.close(error)
  }

  private recordLimit(error: LimitExceededError): void {
    this.options.metrics.limitHits.inc({ limit: error.limit })
    this.options.refusals.refused(`limit:${error.limit}`, this.log, 'warn', { limit: error.limit, reason: error.kind }, 'limit hit')
  }
}
