/**
 * Every open session of this server, whatever its transport: per-address and
 * per-room counts (reserved at admission, before a session exists, so
 * concurrent admissions cannot overshoot a limit), joining the room once it
 * has loaded, leaving it once the frames a closed session sent are handled,
 * the periodic delivery and liveness checks, and orderly shutdown.
 */
import type { Logger } from 'pino'
import type { Limits } from '../config.ts'
import { LimitExceededError, SessionEndingError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { RefusalLog } from '../observability/refusal-log.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import type { Grant } from '../admission/authorization.ts'
import type { CloseReason } from '../close-reason.ts'
import { FairScheduler } from './fair-scheduler.ts'
import { Session } from './session.ts'
import type { Transport, TransportKind } from './transport.ts'

/** How often sessions are checked for a client that stopped reading. */
const DELIVERY_CHECK_INTERVAL_MS = 1000

export interface SessionHubOptions {
  registry: RoomRegistry
  logger: Logger
  metrics: Metrics
  /** Limit hits are logged at most once per limit per interval (server/observability/refusal-log.ts). */
  refusals: RefusalLog
  limits: Limits
  livenessIntervalMs: number
}

/** A place held for one client between admission and its session's end. */
export interface Reservation {
  readonly roomId: string
  readonly clientAddress: string
  /** Frees the place; for a client that never opened a session (idempotent). */
  release(): void
}

export class SessionHub {
  private readonly sessions = new Set<Session>()
  /** Closed sessions still handling the frames they sent before closing. */
  private readonly finishing = new Set<Promise<void>>()
  private readonly perAddress = new Map<string, number>()
  private readonly perRoom = new Map<string, number>()
  private readonly scheduler = new FairScheduler()
  private readonly liveness: NodeJS.Timeout
  private readonly deliveryCheck: NodeJS.Timeout
  private accepting = true

  constructor(private readonly options: SessionHubOptions) {
    this.liveness = setInterval(() => this.sessions.forEach((session) => session.checkLiveness()), options.livenessIntervalMs)
    this.liveness.unref()
    this.deliveryCheck = setInterval(() => this.sessions.forEach((session) => session.checkDelivery()), DELIVERY_CHECK_INTERVAL_MS)
    this.deliveryCheck.unref()
  }

  get sessionCount(): number {
    return this.sessions.size
  }

  /** Open sessions per transport (read at each metrics scrape). */
  sessionCountsByTransport(): Record<TransportKind, number> {
    const counts: Record<TransportKind, number> = { websocket: 0, http: 0 }
    for (const session of this.sessions) counts[session.transportKind] += 1
    return counts
  }

  /** Holds a place for a client, or names the limit that refuses it. */
  reserve(roomId: string, clientAddress: string): Reservation | { refused: LimitExceededError } {
    if (!this.accepting) return { refused: new LimitExceededError('shutting-down', 'shuttingDown', 'Server is shutting down; try again in a moment') }
    const { maxConnectionsPerIp, maxConnectionsPerRoom } = this.options.limits
    if ((this.perAddress.get(clientAddress) ?? 0) >= maxConnectionsPerIp) {
      return { refused: new LimitExceededError('connections-per-ip', 'tooManyConnectionsFromAddress', `Over ${maxConnectionsPerIp} connections from your address`) }
    }
    if ((this.perRoom.get(roomId) ?? 0) >= maxConnectionsPerRoom) {
      return { refused: new LimitExceededError('connections-per-room', 'roomFull', `This document already has ${maxConnectionsPerRoom} connections`) }
    }
    increment(this.perAddress, clientAddress, 1)
    increment(this.perRoom, roomId, 1)
    let released = false
    return {
      roomId,
      clientAddress,
      release: () => {
        if (released) return
        released = true
        increment(this.perAddress, clientAddress, -1)
        increment(this.perRoom, roomId, -1)
      },
    }
  }

  /** Opens a session for an admitted client over its transport and joins it to its room. */
  open(transport: Transport, reservation: Reservation, grant: Grant): Session {
    const { registry, logger, metrics, limits, refusals } = this.options
    const { roomId, clientAddress } = reservation
    const session = new Session(transport, {
      roomId,
      clientAddress,
      ...grant,
      limits,
      logger,
      refusals,
      metrics,
      scheduler: this.scheduler,
      onClosed: (code) => this.closed(session, reservation, code),
    })
    this.sessions.add(session)
    session.log.info('session opened')
    registry.join(roomId, session).catch((error: unknown) => {
      if (error instanceof SessionEndingError) {
        session.log.error({ err: error }, 'room could not be opened')
        session.close(error)
        return
      }
      session.log.error({ err: error }, 'room load failed unexpectedly')
      session.close({ kind: 'internalError', message: 'Internal server error while opening the document' })
    })
    return session
  }

  /** Stops accepting and closes every session with the given reason. */
  closeAll(reason: CloseReason): void {
    this.accepting = false
    clearInterval(this.liveness)
    clearInterval(this.deliveryCheck)
    for (const session of this.sessions) session.close(reason)
  }

  /** Resolves when sessions that already closed have handled the frames they sent. */
  async closedSessionsFinished(): Promise<void> {
    await Promise.all(this.finishing)
  }

  /** Drops sessions that did not finish their close handshake in time. */
  terminateAll(): void {
    for (const session of this.sessions) session.terminate()
  }

  private closed(session: Session, reservation: Reservation, code: number): void {
    this.sessions.delete(session)
    reservation.release()
    this.options.metrics.countClose(code)
    session.log.info(
      {
        closeCode: code,
        reason: session.endReason?.message,
        durationMs: Math.round(performance.now() - session.openedAt),
        bytesIn: session.bytesIn,
        bytesOut: session.bytesOut,
      },
      'session closed',
    )
    // Leaves the room (removing its awareness states) once the frames sent before the close are handled.
    const finished = new Promise<void>((resolve) => {
      session.finish(() => {
        const room = session.joinedRoom
        if (room) {
          room.leave(session)
          this.options.registry.release(room)
        }
        resolve()
      })
    })
    this.finishing.add(finished)
    void finished.then(() => this.finishing.delete(finished))
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by
  if (next <= 0) counts.delete(key)
  else counts.set(key, next)
}
