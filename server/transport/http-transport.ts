/**
 * The Transport of one HTTP polling session (the fallback for networks that
 * block WebSockets; wire format in shared/http-transport.ts, endpoints in
 * http-gateway.ts). The session and room above it are the same as for a
 * WebSocket; only the wire differs.
 *
 * Outgoing: every message gets the next number of the session's sequence and
 * is kept until a poll acknowledges it. A poll carries a cursor, the number of
 * the next message the client wants: it acknowledges everything below it
 * (those bytes are "taken by the peer": `onWritten`, `progressed`) and is
 * answered with the messages from the cursor on, at once or as soon as there
 * are any, or empty at the poll timeout. A retried or overlapping poll asks
 * again from its cursor and gets the same numbers, which the client skips, so
 * nothing is lost or applied twice. A cursor below what is kept (a stale
 * duplicate of a poll that was superseded long ago) cannot be served without
 * a gap: the client is told to reset and gets a full sync instead, asked of
 * the room exactly as a client would ask for it (a sync step 1 with an empty
 * state vector, and a query for everyone's awareness). What waits
 * unacknowledged is `bufferedBytes`, bounded by the session's send-buffer
 * limit like a WebSocket's.
 *
 * Incoming: a POSTed batch (checked by the gateway without decoding it) has
 * its bytes spent from the session's byte budget first, then is delivered
 * message by message while reading, each message made only as it is
 * delivered; while paused (rate limit, backlog) the rest waits as bytes and
 * the POST is answered only when all of it was delivered, which is how HTTP
 * clients are slowed.
 *
 * A client that sends no request for `idleTimeoutMs` (its tab closed, its
 * network gone) ends the session like a closed socket: the room removes its
 * awareness, so nobody sees its caret.
 */
import * as encoding from 'lib0/encoding'
import { messageYjsSyncStep1 } from 'y-protocols/sync'
import { MessageType } from '../../shared/protocol.ts'
import type { PollReply } from '../../shared/http-transport.ts'
import type { CloseReason } from '../close-reason.ts'
import type { Transport, TransportEvents } from '../session/transport.ts'
import { closeCodeFor, httpStatusFor } from '../web/reason-codes.ts'

/** A poll reply carries at most this much (and at least one message, however large). */
const MAX_REPLY_BYTES = 1024 * 1024

/** Why a session's requests are no longer served: the HTTP status, and the WebSocket close code it stands for. */
export interface HttpSessionEnd {
  status: number
  closeCode: number
  message: string
}

export type PollOutcome =
  | { kind: 'reply'; reply: PollReply }
  | { kind: 'ended'; end: HttpSessionEnd }
  | { kind: 'abandoned' }
  | { kind: 'badCursor'; message: string }

export interface HttpTransportOptions {
  pollTimeoutMs: number
  idleTimeoutMs: number
  /** The session ended, for whatever reason (called once). */
  onEnded: (end: HttpSessionEnd) => void
}

interface OutgoingMessage {
  readonly data: Uint8Array
  readonly onWritten: (() => void) | undefined
}

interface HeldPoll {
  readonly from: number
  readonly reset: boolean
  readonly timer: NodeJS.Timeout
  readonly resolve: (outcome: PollOutcome) => void
}

interface IncomingBatch {
  /** The messages not delivered yet, each made when it is delivered. */
  readonly messages: Iterator<Uint8Array>
  /** Its bytes were spent from the session's byte budget when it arrived. */
  readonly bytesPaid: boolean
  readonly resolve: (end: HttpSessionEnd | null) => void
}

const endFor = (reason: CloseReason): HttpSessionEnd => ({ status: httpStatusFor(reason.kind), closeCode: closeCodeFor(reason.kind), message: reason.message })

/** Ended by the client's DELETE. */
const LEFT: HttpSessionEnd = { status: 410, closeCode: 1000, message: 'This session was closed by its client; open a new one' }
/**
 * Dropped by the session without a close handshake: over HTTP only ever a client
 * that stopped acknowledging what it was sent (it stopped polling, or fell
 * behind past the send-buffer limit), so that is the reason it is told.
 */
const DROPPED = endFor({ kind: 'slowConsumer', message: 'This client stopped taking what it was sent (no poll, or too far behind); open a new session' })

export class HttpTransport implements Transport {
  readonly name = 'http'
  private events: TransportEvents | null = null
  private ended: HttpSessionEnd | null = null
  /** Messages not yet acknowledged; the first has number `firstKeptSeq`. */
  private readonly kept: OutgoingMessage[] = []
  private firstKeptSeq = 0
  private keptBytes = 0
  /** Sequence numbers a probe waits to see acknowledged. */
  private readonly probes: number[] = []
  private held: HeldPoll | null = null
  private answerScheduled = false
  private readonly incoming: IncomingBatch[] = []
  private reading = true
  private activeRequests = 0
  private idleTimer: NodeJS.Timeout | null = null

  constructor(private readonly options: HttpTransportOptions) {
    this.armIdleTimer()
  }

  get isOpen(): boolean {
    return this.ended === null
  }

  get bufferedBytes(): number {
    return this.keptBytes
  }

  /** Why the session ended; null while it is open. */
  get end(): HttpSessionEnd | null {
    return this.ended
  }

  private get nextSeq(): number {
    return this.firstKeptSeq + this.kept.length
  }

  bind(events: TransportEvents): void {
    this.events = events
    this.deliverIncoming()
  }

  send(message: Uint8Array, onWritten?: () => void): void {
    if (this.ended) return
    this.kept.push({ data: message, onWritten })
    this.keptBytes += message.byteLength
    // Messages sent in the same turn go out in one reply.
    if (this.held && !this.answerScheduled) {
      this.answerScheduled = true
      setImmediate(() => {
        this.answerScheduled = false
        this.answerHeldPoll()
      })
    }
  }

  probe(): void {
    if (this.ended) return
    this.probes.push(this.nextSeq)
    setImmediate(() => this.answerProbes())
  }

  pauseReading(): void {
    this.reading = false
  }

  resumeReading(): void {
    this.reading = true
    setImmediate(() => this.deliverIncoming())
  }

  close(reason: CloseReason): void {
    this.finish(endFor(reason))
  }

  terminate(): void {
    this.finish(DROPPED)
  }

  /** The client's DELETE: it leaves, and its awareness goes with it. */
  leave(): void {
    this.finish(LEFT)
  }

  /** Counts a request as a sign of life for as long as it runs. */
  async serve<T>(handle: () => Promise<T>): Promise<T> {
    this.activeRequests += 1
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    try {
      return await handle()
    } finally {
      this.activeRequests -= 1
      if (this.activeRequests === 0) this.armIdleTimer()
    }
  }

  /** More of a poll reply was taken by the client's connection: it is reading, however large the reply. */
  readingReply(): void {
    if (!this.ended) this.events?.progressed()
  }

  /** Spends a POSTed body's bytes from the session's byte budget, before it is checked or decoded. */
  prepayBytes(bytes: number): void {
    if (!this.ended) this.events?.prepayBytes(bytes)
  }

  /**
   * A POSTed batch whose bytes were prepaid (`messages` reads them lazily);
   * resolves once every message was delivered to the session, or with why
   * the session ended first.
   */
  receive(messages: Iterator<Uint8Array>): Promise<HttpSessionEnd | null> {
    if (this.ended) return Promise.resolve(this.ended)
    return new Promise((resolve) => {
      this.incoming.push({ messages, bytesPaid: true, resolve })
      this.deliverIncoming()
    })
  }

  /** Messages from `cursor` on (see the header); `abandoned` fires once the client gave up on this request. */
  poll(cursor: number, abandoned: AbortSignal): Promise<PollOutcome> {
    if (this.ended) return Promise.resolve({ kind: 'ended', end: this.ended })
    if (cursor > this.nextSeq) {
      return Promise.resolve({ kind: 'badCursor', message: `Cursor ${cursor} is past the ${this.nextSeq} messages sent so far; poll with the cursor of the last reply` })
    }
    let from = cursor
    let reset = false
    if (cursor < this.firstKeptSeq) {
      from = this.nextSeq
      reset = true
      this.requestFullSync()
    } else {
      this.acknowledge(cursor)
    }
    // One poll is held per session: a newer one supersedes it (the client moved on, or retried).
    this.answerHeldPoll(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answerHeldPoll(true), this.options.pollTimeoutMs)
      const held: HeldPoll = { from, reset, timer, resolve }
      this.held = held
      abandoned.addEventListener('abort', () => {
        if (this.held !== held) return
        clearTimeout(timer)
        this.held = null
        resolve({ kind: 'abandoned' })
      })
      if (from < this.nextSeq) this.answerHeldPoll()
    })
  }

  /** Answers the held poll with what it waits for; with nothing only when `evenIfEmpty`. */
  private answerHeldPoll(evenIfEmpty = false): void {
    const held = this.held
    if (!held || (!evenIfEmpty && held.from >= this.nextSeq)) return
    this.held = null
    clearTimeout(held.timer)
    const messages: Uint8Array[] = []
    let bytes = 0
    for (let seq = Math.max(held.from, this.firstKeptSeq); seq < this.nextSeq; seq++) {
      const data = this.kept[seq - this.firstKeptSeq]!.data
      if (messages.length > 0 && bytes + data.byteLength > MAX_REPLY_BYTES) break
      messages.push(data)
      bytes += data.byteLength
    }
    held.resolve({ kind: 'reply', reply: { firstSeq: held.from, reset: held.reset, messages } })
  }

  private acknowledge(cursor: number): void {
    let acknowledged = false
    while (this.firstKeptSeq < cursor && this.kept.length > 0) {
      const message = this.kept.shift()!
      this.firstKeptSeq += 1
      this.keptBytes -= message.data.byteLength
      message.onWritten?.()
      acknowledged = true
    }
    if (!acknowledged) return
    this.events?.progressed()
    this.answerProbes()
  }

  private answerProbes(): void {
    while (this.probes.length > 0 && this.probes[0]! <= this.firstKeptSeq && !this.ended) {
      this.probes.shift()
      this.events?.probeAnswered()
    }
  }

  /** What a client sends to be brought up to date from nothing: the whole document and everyone's awareness. */
  private requestFullSync(): void {
    const syncStep1 = encoding.createEncoder()
    encoding.writeVarUint(syncStep1, MessageType.sync)
    encoding.writeVarUint(syncStep1, messageYjsSyncStep1)
    // An empty state vector: zero clients.
    encoding.writeVarUint8Array(syncStep1, new Uint8Array([0]))
    const queryAwareness = new Uint8Array([MessageType.queryAwareness])
    this.incoming.push({ messages: [encoding.toUint8Array(syncStep1), queryAwareness].values(), bytesPaid: false, resolve: () => undefined })
    this.deliverIncoming()
  }

  private deliverIncoming(): void {
    while (this.events && this.reading && !this.ended && this.incoming.length > 0) {
      const batch = this.incoming[0]!
      const next = batch.messages.next()
      if (next.done === true) {
        this.incoming.shift()
        batch.resolve(null)
        continue
      }
      this.events.message(next.value, batch.bytesPaid)
    }
  }

  private armIdleTimer(): void {
    if (this.ended) return
    this.idleTimer = setTimeout(() => {
      const seconds = this.options.idleTimeoutMs / 1000
      this.close({ kind: 'heartbeatTimeout', message: `No request from this client for ${seconds} s; open a new session` })
    }, this.options.idleTimeoutMs)
    this.idleTimer.unref()
  }

  private finish(end: HttpSessionEnd): void {
    if (this.ended) return
    this.ended = end
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const held = this.held
    this.held = null
    if (held) {
      clearTimeout(held.timer)
      held.resolve({ kind: 'ended', end })
    }
    for (const batch of this.incoming.splice(0)) batch.resolve(end)
    this.kept.length = 0
    this.keptBytes = 0
    this.probes.length = 0
    this.options.onEnded(end)
    setImmediate(() => this.events?.closed(end.closeCode))
  }
}
