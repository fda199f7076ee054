import { describe, expect, it } from 'vitest'
import { openRawSocket, upgradeStatus } from '../../test-support/raw-socket.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import type { TestServer } from '../../test-support/in-process-server.ts'

/**
 * With TRUST_PROXY set, the client address comes from the one header the
 * proxy sets (TRUST_PROXY_HEADER). The proxy passes the other header on as
 * the client wrote it, so a claim there must change nothing.
 */
describe('one client-address header behind a trusted proxy', () => {
  const seed = useServerPerTest()
  const metricsStatus = async (server: TestServer, headers: Record<string, string>) => (await fetch(new URL('/metrics', server.url), { headers })).status

  it('X-Forwarded-For by default: a client-sent Forwarded: for=127.0.0.1 neither reads /metrics nor escapes the per-address limit', async () => {
    const server = await seed.start({ TRUST_PROXY: '1', MAX_CONNECTIONS_PER_IP: '1' })
    const proxied = { 'X-Forwarded-For': '203.0.113.9' }
    expect(await metricsStatus(server, { ...proxied, Forwarded: 'for=127.0.0.1' })).toBe(403)
    expect(await metricsStatus(server, { Forwarded: 'for=127.0.0.1' })).toBe(200)

    const first = await openRawSocket(server.wsUrl, 'spoofed', proxied)
    expect((await upgradeStatus(server.url, '/ws/spoofed', { ...proxied, Forwarded: 'for=198.51.100.77' })).status).toBe(429)
    first.socket.close()
  })

  it('TRUST_PROXY_HEADER=forwarded: a client-sent X-Forwarded-For: 127.0.0.1 neither reads /metrics nor escapes the per-address limit', async () => {
    const server = await seed.start({ TRUST_PROXY: '1', TRUST_PROXY_HEADER: 'forwarded', MAX_CONNECTIONS_PER_IP: '1' })
    const proxied = { Forwarded: 'for=203.0.113.9;proto=https' }
    expect(await metricsStatus(server, { ...proxied, 'X-Forwarded-For': '127.0.0.1' })).toBe(403)
    expect(await metricsStatus(server, { Forwarded: 'for="[::1]:4711"' })).toBe(200)

    const first = await openRawSocket(server.wsUrl, 'spoofed', proxied)
    expect((await upgradeStatus(server.url, '/ws/spoofed', { ...proxied, 'X-Forwarded-For': '198.51.100.77' })).status).toBe(429)
    expect((await upgradeStatus(server.url, '/ws/spoofed', { Forwarded: 'for=203.0.113.10' })).status).toBe(101)
    first.socket.close()
  })
})
