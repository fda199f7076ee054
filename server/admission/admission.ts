/**
 * The admission step between a request (a WebSocket upgrade today, an HTTP
 * request later) and a session: room-id rule → client address (TRUST_PROXY)
 * → authorization hook → connection limits. It is async, so a token check
 * can take its time before anything is upgraded, and it knows nothing about
 * the transport: a refusal is a typed reason that the transport turns into an
 * HTTP status. An admitted client holds a Reservation until its session ends.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Logger } from 'pino'
import { checkRoomId } from '../../shared/room-id.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { CloseReason } from '../session/close-reason.ts'
import type { Reservation, SessionHub } from '../session/session-hub.ts'
import type { Authorize, Grant } from './authorization.ts'
import { clientAddress } from './client-address.ts'

export interface AdmissionRequest {
  /** The room segment of the path, decoded; null when the path names no room. */
  readonly roomId: string | null
  readonly socketAddress: string
  readonly headers: IncomingHttpHeaders
  readonly token: string | null
}

export type AdmissionResult = { admitted: true; reservation: Reservation; grant: Grant } | { admitted: false; reason: CloseReason }

export interface AdmissionOptions {
  hub: SessionHub
  authorize: Authorize
  /** How many reverse proxies stand in front of Seed (TRUST_PROXY); 0 trusts no forwarding header. */
  trustedProxies: number
  metrics: Metrics
  logger: Logger
}

export class Admission {
  constructor(private readonly options: AdmissionOptions) {}

  async admit(request: AdmissionRequest): Promise<AdmissionResult> {
    if (request.roomId === null) return this.refuse({ kind: 'notFound', message: 'This endpoint takes a room: /ws/<room>' }, null)
    const check = checkRoomId(request.roomId)
    if (!check.ok) return this.refuse({ kind: 'badRequest', message: check.reason }, null)
    const roomId = check.roomId
    const address = clientAddress(request.socketAddress, request.headers, this.options.trustedProxies)
    const grant = await this.options.authorize({ roomId, clientAddress: address, token: request.token })
    if ('refused' in grant) return this.refuse(grant.refused, roomId)
    const reservation = this.options.hub.reserve(roomId, address)
    if ('refused' in reservation) {
      this.options.metrics.limitHits.inc({ limit: reservation.refused.limit })
      return this.refuse(reservation.refused, roomId)
    }
    return { admitted: true, reservation, grant }
  }

  private refuse(reason: CloseReason, roomId: string | null): AdmissionResult {
    this.options.metrics.admissionRefusals.inc({ reason: reason.kind })
    this.options.logger.info({ room: roomId ?? undefined, reason: reason.kind, message: reason.message }, 'admission refused')
    return { admitted: false, reason: { kind: reason.kind, message: reason.message } }
  }
}
