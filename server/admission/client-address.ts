/**
 * The address a request comes from, for per-address limits, /metrics access
 * and logs: every place that needs it calls `clientAddress`. Behind a reverse
 * proxy every socket comes from the proxy, so with TRUST_PROXY=N (the number
 * of proxies in front of Seed) the address is read from the hops the proxies
 * appended to exactly one header, TRUST_PROXY_HEADER: `X-Forwarded-For` by
 * default, or `Forwarded` (RFC 7239). The other header is never read: a proxy
 * passes on whatever the client wrote in a header it does not set itself, so
 * reading both would let a client choose its own address. Each proxy appends
 * the address it saw, so the client is the N-th hop from the right, counting
 * the socket's own peer as the first; anything further left was written by
 * the client and cannot be trusted.
 */
import type { IncomingHttpHeaders } from 'node:http'

export const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded'] as const
export type ForwardingHeader = (typeof FORWARDING_HEADERS)[number]

/** Which reverse proxies stand in front of Seed and the one header they set (TRUST_PROXY, TRUST_PROXY_HEADER). */
export interface ProxyTrust {
  /** How many proxies; 0 trusts no header and takes the socket's peer. */
  readonly proxies: number
  readonly header: ForwardingHeader
}

export function clientAddress(socketAddress: string, headers: IncomingHttpHeaders, trust: ProxyTrust): string {
  if (trust.proxies === 0) return unmappedAddress(socketAddress)
  const hops = [...(trust.header === 'forwarded' ? forwardedHops(headers) : xForwardedForHops(headers)), socketAddress]
  return unmappedAddress(hops[Math.max(0, hops.length - 1 - trust.proxies)]!)
}

function xForwardedForHops(headers: IncomingHttpHeaders): string[] {
  return headerText(headers['x-forwarded-for'])
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0)
}

/** One hop per element: an element without `for=` still stands for a proxy, so the count from the right stays true. */
function forwardedHops(headers: IncomingHttpHeaders): string[] {
  return headerText(headers.forwarded)
    .split(',')
    .filter((element) => element.trim().length > 0)
    .map((element) => forValue(element) ?? 'unknown')
}

/** The `for=` parameter of one Forwarded element, without quotes, brackets or port. */
function forValue(element: string): string | null {
  for (const pair of element.split(';')) {
    const [name, ...rest] = pair.split('=')
    if (name?.trim().toLowerCase() !== 'for') continue
    const value = rest.join('=').trim().replace(/^"|"$/g, '')
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
    if (bracketed) return bracketed[1]!
    const withPort = /^([^:]+):\d+$/.exec(value)
    return withPort ? withPort[1]! : value
  }
  return null
}

/** An IPv4 address as an IPv6 socket reports it (::ffff:127.0.0.1) is that IPv4 address, for limits and allow lists alike. */
export function unmappedAddress(address: string): string {
  return address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}
