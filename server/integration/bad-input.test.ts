import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { CloseCode } from '../../shared/protocol.ts'
import { connectClient, waitFor, type NodeClient } from '../testing/node-client.ts'
import { startTestServer, type TestServer } from '../testing/in-process-server.ts'
import { openRawSocket, upgradeStatus } from '../testing/raw-socket.ts'

const MAX_MESSAGE_BYTES = 64 * 1024

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const e = encoding.createEncoder()
  for (const part of parts) part(e)
  return encoding.toUint8Array(e)
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b)

describe('bad input closes only its own connection', () => {
  let server: TestServer
  let alice: NodeClient
  let bob: NodeClient
  let edits = 0

  beforeAll(async () => {
    server = await startTestServer({ MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) })
    alice = connectClient(server.wsUrl, 'healthy')
    bob = connectClient(server.wsUrl, 'healthy')
    await Promise.all([alice.synced(), bob.synced()])
  })
  afterAll(async () => {
    alice.destroy()
    bob.destroy()
    await server.dispose()
  })

  /** Proves the healthy room still works after each bad connection. */
  async function healthyRoomStillConverges() {
    edits += 1
    alice.text.insert(0, `edit ${edits};`)
    await waitFor(() => bob.text.toString() === alice.text.toString(), 'healthy room converges')
  }

  const cases: Array<{ name: string; send: Uint8Array | string; code: number }> = [
    { name: 'random bytes', send: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), code: CloseCode.malformedMessage },
    { name: 'an empty frame', send: new Uint8Array(), code: CloseCode.malformedMessage },
    { name: 'a truncated varuint', send: new Uint8Array([0x80]), code: CloseCode.malformedMessage },
    { name: 'an unknown message type', send: frame(uint(42)), code: CloseCode.malformedMessage },
    { name: 'an unknown sync step', send: frame(uint(0), uint(9)), code: CloseCode.malformedMessage },
    { name: 'a length past the end of the frame', send: frame(uint(0), uint(2), uint(1000)), code: CloseCode.malformedMessage },
    { name: 'an update Yjs rejects', send: frame(uint(0), uint(2), bytes(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01]))), code: CloseCode.malformedMessage },
    { name: 'sync step 2 with a garbage payload', send: frame(uint(0), uint(1), bytes(new Uint8Array([0x05, 0x01, 0x02]))), code: CloseCode.malformedMessage },
    { name: 'awareness with invalid JSON', send: frame(uint(1), bytes(frame(uint(1), uint(7), uint(1), (e) => encoding.writeVarString(e, '{not json')))), code: CloseCode.malformedMessage },
    { name: 'a text frame', send: 'hello', code: CloseCode.unsupportedData },
    { name: 'a frame over the size limit', send: new Uint8Array(MAX_MESSAGE_BYTES + 1), code: CloseCode.messageTooBig },
  ]

  for (const { name, send, code } of cases) {
    it(`closes with ${code} on ${name}`, async () => {
      const raw = await openRawSocket(server.wsUrl, 'victim')
      raw.socket.send(send)
      const closed = await raw.closed
      expect(closed.code).toBe(code)
      if (code !== CloseCode.messageTooBig) expect(closed.reason.length).toBeGreaterThan(0)
      await healthyRoomStillConverges()
    })
  }

  it('keeps serving the room a bad connection was in', async () => {
    const raw = await openRawSocket(server.wsUrl, 'shared-victim')
    const good = connectClient(server.wsUrl, 'shared-victim')
    await good.synced()
    raw.socket.send(frame(uint(42)))
    await raw.closed
    good.text.insert(0, 'still fine')
    const late = connectClient(server.wsUrl, 'shared-victim')
    await waitFor(() => late.text.toString() === 'still fine', 'room still serves')
    good.destroy()
    late.destroy()
  })

  for (const [path, why] of [
    ['/ws/..%2F..%2Fetc', 'path traversal'],
    ['/ws/a%00b', 'NUL byte'],
    [`/ws/${'x'.repeat(2000)}`, '2,000 characters'],
    ['/ws/%C3%A9t%C3%A9', 'non-ASCII'],
    ['/ws/', 'empty'],
  ] as const) {
    it(`refuses a room id with ${why} with HTTP 400 before the upgrade`, async () => {
      const { status, body } = await upgradeStatus(server.url, path)
      expect(status).toBe(400)
      expect(body).toMatch(/Room id/)
    })
  }

  it('accepts a valid room id with 101', async () => {
    expect((await upgradeStatus(server.url, '/ws/Valid_room-1')).status).toBe(101)
  })
})
