/**
 * The Origin check against cross-site WebSocket hijacking and cross-site API
 * calls: a browser names the page that opens a socket or calls the API in its
 * `Origin` header, and only pages of the allowed origins (ALLOWED_ORIGINS,
 * by default the server's own) may. The server's own origin is scheme, host
 * and port: the request's Host, with the scheme the browser used
 * (request-scheme.ts). The scheme counts because an http:// page of the same
 * host is not the https:// one: anyone on the network path can write it, so
 * it must not open sockets on the https server (nor an https page on a server
 * reached over plain http). A request without Origin comes from a non-browser
 * client and is judged by its token alone.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { CloseReason } from '../close-reason.ts'
import type { ProxyTrust } from './client-address.ts'
import { requestScheme } from './request-scheme.ts'

const OWN_SCHEME_HINT =
  ' (behind a proxy that ends TLS, set TRUST_PROXY and have the proxy send the scheme: X-Forwarded-Proto, or proto= in Forwarded with TRUST_PROXY_HEADER=forwarded)'

export class OriginPolicy {
  /**
   * @param allowed exact origins (as `parseOrigin` returns them); null for the server's own origin only.
   * @param proxyTrust the proxies whose forwarded scheme says what the server's own origin is.
   */
  constructor(
    private readonly allowed: readonly string[] | null,
    private readonly proxyTrust: ProxyTrust,
  ) {}

  /** A refusal for a browser request from a page this server does not serve to, else null. */
  check(headers: IncomingHttpHeaders): CloseReason | null {
    const header = headers.origin
    if (header === undefined) return null
    const origin = parseOrigin(header)
    if (origin !== null && this.allows(origin, headers)) return null
    return {
      kind: 'forbidden',
      message: `Requests from pages of ${JSON.stringify(header.slice(0, 100))} are not accepted here; open Seed from its own address, or add that origin to ALLOWED_ORIGINS${this.allowed === null ? OWN_SCHEME_HINT : ''}`,
    }
  }

  private allows(origin: string, headers: IncomingHttpHeaders): boolean {
    if (this.allowed !== null) return this.allowed.includes(origin)
    const host = headers.host
    if (host === undefined) return false
    const own = parseOrigin(`${requestScheme(headers, this.proxyTrust)}://${host}`)
    return own !== null && origin === own
  }
}

/** `scheme://host[:port]` of an http(s) URL that is only an origin (no path, query or credentials), normalised; else null. */
export function parseOrigin(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null
  return url.origin
}
