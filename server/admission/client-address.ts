/**
 * The address a request comes from, for per-address limits and logs. Behind a
 * reverse proxy every socket comes from the proxy, so with TRUST_PROXY=N (the
 * number of proxies in front of Seed) the address is read from the hops the
 * proxies appended: `Forwarded` (RFC 7239) when present, else
 * `X-Forwarded-For`. Each proxy appends the address it saw, so the client is
 * the N-th hop from the right, counting the socket's own peer as the first;
 * anything further left was written by the client and cannot be trusted.
 */
import type { IncomingHttpHeaders } from 'node:http'

export function clientAddress(socketAddress: string, headers: IncomingHttpHeaders, trustedProxies: number): string {
  if (trustedProxies === 0) return socketAddress
  const hops = [...forwardedHops(headers), socketAddress]
  return hops[Math.max(0, hops.length - 1 - trustedProxies)]!
}

function forwardedHops(headers: IncomingHttpHeaders): string[] {
  const forwarded = headerText(headers.forwarded)
  if (forwarded) {
    return forwarded
      .split(',')
      .map((element) => forValue(element))
      .filter((hop): hop is string => hop !== null)
  }
  const xff = headerText(headers['x-forwarded-for'])
  if (!xff) return []
  return xff
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0)
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

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '')
}
