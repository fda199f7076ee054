/**
 * The spoofed client-address header of bench/hostile.ts, for Seed run with
 * TRUST_PROXY=1: this process stands in for one reverse proxy that sets
 * `X-Forwarded-For` (as the README's nginx config does) for a client at an
 * outside address, first alone, then with a `Forwarded: for=127.0.0.1` the
 * client itself sent. Whether /metrics, which answers only this machine,
 * answers each.
 */
import { spoofedLoopbackHeaders } from '../test-support/bad-inputs.ts'
import type { BenchServer } from './servers.ts'

/** The client's address as the proxy reports it (TEST-NET-3, RFC 5737): a header value only, never connected to. */
export const OUTSIDE_CLIENT_ADDRESS = '203.0.113.7'
export const PROXY_ENV = { TRUST_PROXY: '1' }

export interface ProxyHeaderResult {
  /** /metrics' status for the proxy's X-Forwarded-For alone: the check works when it refuses. */
  proxiedStatus: number
  /** The same with the client's own `Forwarded: for=127.0.0.1`: 200 means the client read /metrics. */
  spoofedStatus: number
}

export async function checkSpoofedForwarded(server: Pick<BenchServer, 'httpUrl'>): Promise<ProxyHeaderResult> {
  const metricsStatus = async (headers: Record<string, string>) => {
    const response = await fetch(new URL('metrics', server.httpUrl), { headers })
    await response.arrayBuffer()
    return response.status
  }
  const spoofed = spoofedLoopbackHeaders(OUTSIDE_CLIENT_ADDRESS)
  return {
    proxiedStatus: await metricsStatus({ 'X-Forwarded-For': OUTSIDE_CLIENT_ADDRESS }),
    spoofedStatus: await metricsStatus(spoofed),
  }
}
