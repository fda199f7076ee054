/**
 * The nginx configuration operators are given (server/deploy/nginx.conf, the
 * one the README shows) in front of two Seed instances on PostgreSQL and
 * Redis, with only what a test must change rewritten: it listens on a free
 * port of 127.0.0.1 without TLS, and its upstreams are the two instances.
 * One nginx and one cluster serve every check of this file.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { NginxServer } from '../../test-support/nginx-server.ts'
import { PostgresServer } from '../../test-support/postgres-server.ts'
import { RawHttpSession } from '../../test-support/raw-http-session.ts'
import { RedisServer } from '../../test-support/redis-server.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { serviceInstalled } from '../../test-support/service-availability.ts'

const NGINX_CONF = fileURLToPath(new URL('../deploy/nginx.conf', import.meta.url))
const MAX_CONNECTIONS_PER_IP = 3
const servicesInstalled = (['postgres', 'redis', 'nginx'] as const).every((service) => serviceInstalled(service, 'the nginx routing tests'))

/**
 * nginx.conf as a test runs it: listening on `listen` without TLS, its upstream servers replaced in order by `ports` of 127.0.0.1.
 * Throws when the file no longer has what is rewritten, so the two cannot drift apart unnoticed.
 */
function configForTest(conf: string, listen: string, ports: number[]): string {
  const rewrite = (text: string, pattern: RegExp, count: number, replace: (match: string, ...groups: string[]) => string): string => {
    const found = text.match(pattern)?.length ?? 0
    if (found !== count) throw new Error(`server/deploy/nginx.conf: expected ${count} match(es) of ${pattern}, found ${found}; update the test's rewrite with the file`)
    return text.replace(pattern, replace)
  }
  let upstream = 0
  let text = rewrite(conf, /^(\s*)listen 443 ssl;$/gm, 1, (_line, indent) => `${indent}listen ${listen};`)
  text = rewrite(text, /^\s*ssl_certificate(_key)? .*\n/gm, 2, () => '')
  return rewrite(text, /^(\s*server )[\w.-]+:1234( [^;\n]*;)$/gm, ports.length, (_line, start, parameters) => `${start}127.0.0.1:${ports[upstream++]}${parameters}`)
}

/** Sessions an instance logged as opened in `room`: which instance served the room, and how often. */
function sessionsOpened(instance: ServerProcess, room: string): number {
  return instance.output
    .join('')
    .split('\n')
    // What follows the last newline may be half a line.
    .slice(0, -1)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { room?: string; msg?: string })
    .filter((entry) => entry.room === room && entry.msg === 'session opened').length
}

describe.skipIf(!servicesInstalled)('the deployment nginx.conf in front of two instances', () => {
  let postgres: PostgresServer
  let redis: RedisServer
  const instances: ServerProcess[] = []
  let nginx: NginxServer
  const clients: NodeClient[] = []
  const sockets: WebSocket[] = []

  beforeAll(async () => {
    ;[postgres, redis] = await Promise.all([PostgresServer.start(), RedisServer.start()])
    const env = {
      DATABASE_URL: await postgres.createDatabase(),
      REDIS_URL: redis.url,
      TRUST_PROXY: '1',
      MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP),
      LOG_LEVEL: 'info',
    }
    // One at a time: the first runs the migrations.
    for (let i = 0; i < 2; i++) instances.push(await startSeed({ env }))
    const conf = readFileSync(NGINX_CONF, 'utf8')
    nginx = await NginxServer.start((listen) => configForTest(conf, listen, instances.map((instance) => instance.port)))
  }, 120_000)

  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
    for (const socket of sockets.splice(0)) socket.terminate()
  })

  afterAll(async () => {
    await nginx?.dispose()
    for (const instance of instances) await instance.dispose()
    await redis?.dispose()
    await postgres?.dispose()
  })

  const wsUrl = () => `ws://127.0.0.1:${nginx.port}/ws`

  function client(room: string, transport: 'websocket' | 'http'): NodeClient {
    const created = connectClient(wsUrl(), room, { transport })
    clients.push(created)
    return created
  }

  /** A WebSocket to `room` through nginx from `localAddress`, with the Origin of a page nginx served; resolves with the upgrade's status. */
  function openFrom(localAddress: string, room: string): Promise<number> {
    const socket = new WebSocket(`${wsUrl()}/${room}`, { localAddress, origin: `http://127.0.0.1:${nginx.port}` })
    sockets.push(socket)
    socket.on('error', () => undefined)
    return new Promise((resolve) => {
      socket.once('open', () => resolve(101))
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    })
  }

  /** The one instance that served `room`, once it logged `sessions` sessions there; fails when the other served any. */
  async function servingInstance(room: string, sessions: number): Promise<number> {
    const counts = () => instances.map((instance) => sessionsOpened(instance, room))
    await waitFor(() => counts().reduce((a, b) => a + b, 0) >= sessions, `${sessions} sessions of ${room} logged`)
    const serving = counts().findIndex((count) => count > 0)
    expect(counts()[serving]).toBe(sessions)
    return serving
  }

  it('carries a stock y-websocket client and one on the HTTP fallback (long polls) editing one room together', async () => {
    const overWebSocket = client('through-nginx', 'websocket')
    const overHttp = client('through-nginx', 'http')
    await Promise.all([overWebSocket.synced(), overHttp.synced()])
    overWebSocket.text.insert(0, '<ws>')
    overHttp.text.insert(0, '<http>')
    const both = (one: NodeClient) => one.text.toString().includes('<ws>') && one.text.toString().includes('<http>')
    await waitFor(() => both(overWebSocket) && both(overHttp), 'each client holds both edits')
    // Both transports name the room in their paths (/ws/<room>, /api/rooms/<room>/…): one instance serves both.
    await servingInstance('through-nginx', 2)
  })

  it('sends every request for a room to the same instance, and different rooms to both', async () => {
    const roomsOf = new Map<number, string>()
    for (let i = 0; roomsOf.size < 2; i++) {
      // Each new room lands on either instance by its hash: 20 rooms all on one would be a chance of 2^-19.
      expect(i).toBeLessThan(20)
      const room = `routed-${i}`
      for (let visit = 0; visit < 2; visit++) {
        const visitor = connectClient(wsUrl(), room)
        await visitor.synced()
        visitor.destroy()
      }
      const session = await RawHttpSession.open(nginx.url, room)
      expect(await session.leave()).toBe(204)
      roomsOf.set(await servingInstance(room, 3), room)
    }
  })

  it('with TRUST_PROXY=1, sees each client’s own address, not nginx’s: the per-address limit counts 127.0.0.2 and 127.0.0.3 apart', async () => {
    for (let i = 0; i < MAX_CONNECTIONS_PER_IP; i++) expect(await openFrom('127.0.0.2', 'addresses')).toBe(101)
    expect(await openFrom('127.0.0.2', 'addresses')).toBe(429)
    expect(await openFrom('127.0.0.3', 'addresses')).toBe(101)
  })
})
