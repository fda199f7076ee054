/**
 * Headers every HTTP answer carries against browser-side attacks: a
 * Content-Security-Policy (scripts, styles, connections and the offline app
 * shell's service worker only from Seed itself, images also from https:
 * addresses; inline styles
 * allowed because the editor positions carets with them; framing only by FRAME_ANCESTORS, which only jwt mode takes),
 * `X-Content-Type-Options: nosniff`, and `Referrer-Policy: no-referrer` so a
 * capability link never leaks through a Referer header. In development Vite
 * serves inline scripts (hot reload), so the CSP is left out there.
 */
import type { IncomingMessage } from 'node:http'

export interface SecurityHeaderOptions {
  /** CSP frame-ancestors sources; empty: nobody may frame Seed. */
  frameAncestors: readonly string[]
  dev: boolean
}

/** A Host header that can go into a CSP source as it is (no spaces, quotes or semicolons). */
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

export function securityHeaders(options: SecurityHeaderOptions): (request: IncomingMessage) => Record<string, string> {
  const frameAncestors = options.frameAncestors.length > 0 ? options.frameAncestors.join(' ') : "'none'"
  return (request) => {
    const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' }
    if (options.dev) return headers
    // 'self' covers the page's own ws:/wss: in CSP 3; the explicit sources serve browsers that predate it.
    const host = request.headers.host
    const sockets = host !== undefined && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : ''
    headers['Content-Security-Policy'] = [
      "default-src 'self'",
      `connect-src 'self'${sockets}`,
      // Images by URL come from any https: address (http: ones could be read and swapped by anyone on the
      // network path, and would make the page mixed content); uploads are fetched with the token and shown from blob: URLs.
      "img-src 'self' data: blob: https:",
      "worker-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "object-src 'none'",
      "base-uri 'none'",
      `frame-ancestors ${frameAncestors}`,
      "form-action 'self'",
    ].join('; ')
    return headers
  }
}
