/**
 * The bad-input battery: each kind of bad input on its own connection to a
 * real server process, while two healthy clients keep editing another room.
 * For each: the right close code, the process stays up, the healthy room keeps
 * converging; at the end the server's memory is back near its baseline.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { WebSocket } from 'ws'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import { openRawSocket, upgradeStatus } from '../../test-support/raw-socket.ts'

const MAX_CONNECTIONS_PER_IP = 200

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const e = encoding.createEncoder()
  for (const part of parts) part(e)
  return encoding.toUint8Array(e)
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b)

function validTextUpdate(length: number): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, 'x'.repeat(length))
  return Y.encodeStateAsUpdate(doc)
}

async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

describe('bad input closes only its own connection', () => {
  let seed: ServerProcess
  let alice: NodeClient
  let bob: NodeClient
  let background: NodeJS.Timeout
  let baselineRss = 0

  beforeAll(async () => {
    seed = await startSeed({ env: { ROOM_UNLOAD_GRACE_MS: '100', MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP), SEED_TEST_LOG_LEVEL: 'silent' } })
    alice = connectClient(seed.wsUrl, 'healthy')
    bob = connectClient(seed.wsUrl, 'healthy')
    await Promise.all([alice.synced(), bob.synced()])
    // The healthy room is edited the whole time the battery runs.
    background = setInterval(() => alice.text.insert(alice.text.length, '.'), 20)
    await new Promise((resolve) => setTimeout(resolve, 300))
    baselineRss = await residentBytes(seed.pid)
  })
  afterAll(async () => {
    clearInterval(background)
    alice.destroy()
    bob.destroy()
    await seed.dispose()
  })

  async function healthyRoomStillConverges() {
    const marker = `mark-${Math.random()}`
    bob.text.insert(0, marker)
    await waitFor(() => alice.text.toString().startsWith(marker) && bob.text.toString() === alice.text.toString(), 'healthy room converges')
    expect((await fetch(`${seed.url}healthz`)).status).toBe(200)
  }

  const cases: Array<{ name: string; send: () => Uint8Array | string; code: number }> = [
    { name: 'random bytes', send: () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), code: CloseCode.malformedMessage },
    { name: 'an empty frame', send: () => new Uint8Array(), code: CloseCode.malformedMessage },
    { name: 'a truncated varuint', send: () => new Uint8Array([0x80]), code: CloseCode.malformedMessage },
    { name: 'an unknown message type', send: () => frame(uint(42)), code: CloseCode.malformedMessage },
    { name: 'an unknown sync step', send: () => frame(uint(0), uint(9)), code: CloseCode.malformedMessage },
    { name: 'a length past the end of the frame', send: () => frame(uint(0), uint(2), uint(1000)), code: CloseCode.malformedMessage },
    { name: 'an update Yjs rejects', send: () => frame(uint(0), uint(2), bytes(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01]))), code: CloseCode.malformedMessage },
    { name: 'sync step 2 with a garbage payload', send: () => frame(uint(0), uint(1), bytes(new Uint8Array([0x05, 0x01, 0x02]))), code: CloseCode.malformedMessage },
    { name: 'sync step 1 with a garbage state vector', send: () => frame(uint(0), uint(0), bytes(new Uint8Array([0x05, 0xff]))), code: CloseCode.malformedMessage },
    { name: 'awareness with invalid JSON', send: () => frame(uint(1), bytes(frame(uint(1), uint(7), uint(1), (e) => encoding.writeVarString(e, '{not json')))), code: CloseCode.malformedMessage },
    { name: 'a text frame', send: () => 'hello', code: CloseCode.unsupportedData },
    { name: 'a valid but oversized (20 MB) update', send: () => frame(uint(0), uint(2), bytes(validTextUpdate(20 * 1024 * 1024))), code: CloseCode.messageTooBig },
  ]

  for (const { name, send, code } of cases) {
    it(`closes with ${code} on ${name}`, async () => {
      const raw = await openRawSocket(seed.wsUrl, 'victim')
      raw.socket.send(send())
      const closed = await raw.closed
      expect(closed.code).toBe(code)
      if (code !== CloseCode.messageTooBig) expect(closed.reason.length).toBeGreaterThan(0)
      await healthyRoomStillConverges()
    })
  }

  it('closes a flood of small messages with 4429', async () => {
    const raw = await openRawSocket(seed.wsUrl, 'flood')
    // Flood once the room is open (before that, a smaller pre-load queue limit applies).
    await raw.firstMessage
    const query = new Uint8Array([MessageType.queryAwareness])
    for (let i = 0; i < 5000; i++) raw.socket.send(query)
    expect((await raw.closed).code).toBe(CloseCode.rateLimited)
    await healthyRoomStillConverges()
  })

  it('survives hundreds of connections opened and dropped at once', async () => {
    const sockets = Array.from({ length: 300 }, (_, i) => new WebSocket(`${seed.wsUrl}/storm-${i % 10}`))
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('open', () => resolve('open'))
            socket.once('close', (code) => resolve(String(code)))
            socket.once('error', () => resolve('error'))
          }),
      ),
    )
    for (const socket of sockets) socket.terminate()
    // Beyond the per-address limit the server closes with 4430; nothing else may happen.
    expect(new Set(outcomes.filter((o) => o !== 'open' && o !== String(CloseCode.tooManyConnectionsFromAddress)))).toEqual(new Set())
    await healthyRoomStillConverges()
  })

  it('drops a client that never reads while others write, within 10 s', async () => {
    const sleeper = await openRawSocket(seed.wsUrl, 'slow-reader')
    // Stop reading from the TCP socket: the server's send buffer for it can only grow.
    ;(sleeper.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    const writer = connectClient(seed.wsUrl, 'slow-reader')
    await writer.synced()
    const sendBufferHits = async () => {
      const metrics = await (await fetch(`${seed.url}metrics`)).text()
      return Number(/seed_limit_hits_total\{limit="send-buffer"\} (\d+)/.exec(metrics)?.[1] ?? 0)
    }
    const chunk = 'big '.repeat(16 * 1024)
    const writing = setInterval(() => writer.text.insert(0, chunk), 10)
    const started = Date.now()
    try {
      while ((await sendBufferHits()) === 0) {
        expect(Date.now() - started, 'slow reader still connected').toBeLessThan(10_000)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    } finally {
      clearInterval(writing)
      writer.destroy()
      sleeper.socket.terminate()
    }
    await healthyRoomStillConverges()
  })

  for (const [path, why] of [
    ['/ws/..%2F..%2Fetc', 'path traversal'],
    ['/ws/a%00b', 'NUL byte'],
    [`/ws/${'x'.repeat(2000)}`, '2,000 characters'],
    ['/ws/%C3%A9t%C3%A9', 'non-ASCII'],
    ['/ws/', 'empty'],
  ] as const) {
    it(`refuses a room id with ${why} with HTTP 400 before the upgrade`, async () => {
      const { status, body } = await upgradeStatus(seed.url, path)
      expect(status).toBe(400)
      expect(body).toMatch(/Room id/)
    })
  }

  it('accepts a valid room id with 101', async () => {
    expect((await upgradeStatus(seed.url, '/ws/Valid_room-1')).status).toBe(101)
  })

  it('is back near its baseline memory after the battery', { timeout: 40_000 }, async () => {
    // The writers above grew the healthy room by design; drop it and let rooms unload.
    clearInterval(background)
    alice.destroy()
    bob.destroy()
    // V8 hands freed memory back to the OS a little after the work stops.
    let rss = await residentBytes(seed.pid)
    const deadline = Date.now() + 25_000
    while (rss / baselineRss >= 1.5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      rss = await residentBytes(seed.pid)
    }
    expect(rss / baselineRss, `RSS ${Math.round(rss / 1e6)} MB vs baseline ${Math.round(baselineRss / 1e6)} MB`).toBeLessThan(1.5)
  })
})
