/**
 * The admission step between a request (a WebSocket upgrade, an HTTP API
 * request) and a session: room-id rule → client address (TRUST_PROXY) →
 * Origin → authorization hook → connection limits. It is async, so a token
 * check can take its time before anything is upgraded, and it knows nothing
 * about the transport: a refusal is a typed reason that the transport turns
 * into an HTTP status. `admit` is for a client that opens a session: it holds
 * a Reservation until its session ends. `check` runs the same steps without
 * the limits, for HTTP requests that open no session.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Logger } from 'pino'
import { checkRoomId } from '../../shared/room-id.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { RefusalLog } from '../observability/refusal-log.ts'
import type { CloseReason } from '../close-reason.ts'
import type { Reservation, SessionHub } from '../session/session-hub.ts'
import type { Authorize, Grant } from './authorization.ts'
import { clientAddress, type ProxyTrust } from './client-address.ts'
import type { OriginPolicy } from './origin-policy.ts'

export interface AdmissionRequest {
  /** The room segment of the path, decoded; null when the path names no room. */
  readonly roomId: string | null
  readonly socketAddress: string
  readonly headers: IncomingHttpHeaders
  readonly token: string | null
}

export type AdmissionCheck = { admitted: true; roomId: string; clientAddress: string; grant: Grant } | { admitted: false; reason: CloseReason }
export type AdmissionResult = { admitted: true; reservation: Reservation; grant: Grant } | { admitted: false; reason: CloseReason }

export interface AdmissionOptions {
  hub: SessionHub
  origins: OriginPolicy
  authorize: Authorize
  /** The reverse proxies in front of Seed and the one header they set (TRUST_PROXY, TRUST_PROXY_HEADER). */
  proxyTrust: ProxyTrust
  metrics: Metrics
  logger: Logger
  /** Refusals are logged at most once per reason per interval, with a count of the rest. */
  refusals: RefusalLog
}

export class Admission {
  constructor(private readonly options: AdmissionOptions) {}

  /** Every step, then a place within the connection limits for the session to come. */
  async admit(request: AdmissionRequest): Promise<AdmissionResult> {
    const checked = await this.check(request)
    if (!checked.admitted) return checked
    const reservation = this.options.hub.reserve(checked.roomId, checked.clientAddress)
    if ('refused' in reservation) {
      this.options.metrics.limitHits.inc({ limit: reservation.refused.limit })
      return this.refuse(reservation.refused, checked.roomId, checked.clientAddress)
    }
    return { admitted: true, reservation, grant: checked.grant }
  }

  /** Every step but the connection limits: who may do what in which room. */
  async check(request: AdmissionRequest): Promise<AdmissionCheck> {
    const address = clientAddress(request.socketAddress, request.headers, this.options.proxyTrust)
    if (request.roomId === null) return this.refuse({ kind: 'notFound', message: 'This endpoint takes a room: /ws/<room>' }, null, address)
    const check = checkRoomId(request.roomId)
    if (!check.ok) return this.refuse({ kind: 'badRequest', message: check.reason }, null, address)
    const roomId = check.roomId
    const wrongOrigin = this.options.origins.check(request.headers)
    if (wrongOrigin) return this.refuse(wrongOrigin, roomId, address)
    const grant = await this.options.authorize({ roomId, clientAddress: address, token: request.token })
    if ('refused' in grant) return this.refuse(grant.refused, roomId, address)
    return { admitted: true, roomId, clientAddress: address, grant }
  }

  private refuse(reason: CloseReason, roomId: string | null, address: string): { admitted: false; reason: CloseReason } {
    this.options.metrics.admissionRefusals.inc({ reason: reason.kind })
    const fields = { room: roomId ?? undefined, clientAddress: address, reason: reason.kind, message: reason.message }
    this.options.refusals.refused(`admission:${reason.kind}`, this.options.logger, 'info', fields, 'admission refused')
    return { admitted: false, reason: { kind: reason.kind, message: reason.message } }
  }
}
