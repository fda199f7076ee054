/**
 * The scheme (http or https) the browser used to reach Seed, which the default
 * Origin check compares a page's origin with.
 *
 * Seed's own HTTP server is plain node:http: TLS, when there is any, ends in a
 * reverse proxy in front of it, so every connection Seed sees is http whatever
 * the browser used. Only the proxy knows, and it says so in the header family
 * TRUST_PROXY_HEADER names: `X-Forwarded-Proto` beside `X-Forwarded-For`, or
 * the `proto=` of `Forwarded`. It is read only when TRUST_PROXY says proxies
 * are there (else anyone could claim a scheme), from the same hop the client
 * address is read from: the N-th value from the right, the one the outermost
 * trusted proxy wrote, which faced the browser. A proxy that sends none, or a
 * value that is neither http nor https, leaves the connection's own: http.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { ProxyTrust } from './client-address.ts'

export type Scheme = 'http' | 'https'

/** What a connection to Seed itself is: node:http serves no TLS. */
const CONNECTION_SCHEME: Scheme = 'http'

export function requestScheme(headers: IncomingHttpHeaders, trust: ProxyTrust): Scheme {
  if (trust.proxies === 0) return CONNECTION_SCHEME
  const hops = trust.header === 'forwarded' ? listed(headers.forwarded).map(protoParameter) : listed(headers['x-forwarded-proto'])
  if (hops.length === 0) return CONNECTION_SCHEME
  const told = hops[Math.max(0, hops.length - trust.proxies)]?.toLowerCase()
  return told === 'http' || told === 'https' ? told : CONNECTION_SCHEME
}

function listed(value: string | string[] | undefined): string[] {
  return (Array.isArray(value) ? value.join(',') : (value ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
}

/** The `proto=` parameter of one Forwarded element, unquoted; '' when it has none. */
function protoParameter(element: string): string {
  for (const pair of element.split(';')) {
    const [name, value = ''] = pair.split('=')
    if (name?.trim().toLowerCase() === 'proto') return value.trim().replace(/^"|"$/g, '')
  }
  return ''
}
