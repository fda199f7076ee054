/**
 * Who may read /metrics (room counts, limits hit: not for the world). With
 * METRICS_TOKEN set, only a request bearing `Authorization: Bearer <token>`,
 * wherever it comes from; otherwise only loopback and the METRICS_ALLOW
 * addresses. The address is the admission step's client address (TRUST_PROXY,
 * TRUST_PROXY_HEADER).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { clientAddress, unmappedAddress, type ProxyTrust } from '../admission/client-address.ts'
import type { MetricsAccessConfig } from '../config.ts'
import type { CloseReason } from '../close-reason.ts'

export class MetricsAccess {
  private readonly tokenDigest: Buffer | null
  private readonly allow: ReadonlySet<string>

  constructor(
    config: MetricsAccessConfig,
    private readonly proxyTrust: ProxyTrust,
  ) {
    this.tokenDigest = config.token === null ? null : digest(config.token)
    this.allow = new Set(config.allow.map(unmappedAddress))
  }

  /** Null when the request may read the metrics, else why not. */
  check(request: IncomingMessage): CloseReason | null {
    if (this.tokenDigest === null) {
      const address = clientAddress(request.socket.remoteAddress ?? 'unknown', request.headers, this.proxyTrust)
      if (isLoopback(address) || this.allow.has(address)) return null
      return { kind: 'forbidden', message: '/metrics answers only to this machine; set METRICS_TOKEN (then send Authorization: Bearer <token>) or list your address in METRICS_ALLOW' }
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    // Digests of equal length, so the comparison takes the same time whatever was sent.
    if (bearer !== undefined && timingSafeEqual(digest(bearer), this.tokenDigest)) return null
    return { kind: 'unauthorized', message: '/metrics needs Authorization: Bearer <METRICS_TOKEN>' }
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest()

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address)
}
