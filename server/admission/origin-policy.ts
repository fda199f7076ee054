/**
 * The Origin check against cross-site WebSocket hijacking and cross-site API
 * calls: a browser names the page that opens a socket or calls the API in its
 * `Origin` header, and only pages of the allowed origins (ALLOWED_ORIGINS,
 * by default the server's own: an Origin whose host is the request's Host)
 * may. A request without Origin comes from a non-browser client and is judged
 * by its token alone.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { CloseReason } from '../session/close-reason.ts'

export class OriginPolicy {
  /** @param allowed exact origins (as `parseOrigin` returns them); null for the server's own origin only. */
  constructor(private readonly allowed: readonly string[] | null) {}

  /** A refusal for a browser request from a page this server does not serve to, else null. */
  check(headers: IncomingHttpHeaders): CloseReason | null {
    const header = headers.origin
    if (header === undefined) return null
    const origin = parseOrigin(header)
    if (origin !== null && this.allows(origin, headers.host)) return null
    return {
      kind: 'forbidden',
      message: `Requests from pages of ${JSON.stringify(header.slice(0, 100))} are not accepted here; open Seed from its own address, or add that origin to ALLOWED_ORIGINS`,
    }
  }

  private allows(origin: string, host: string | undefined): boolean {
    if (this.allowed !== null) return this.allowed.includes(origin)
    return host !== undefined && new URL(origin).host === host.toLowerCase()
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
