/**
 * What one client can make the server hold through the HTTP fallback, against
 * a real server over real HTTP: a batch of too many messages is refused
 * before any of it is decoded or delivered, closing only its session; a
 * 16 MiB body of two-byte messages grows the server by little more than the
 * body; bodies still being read count toward a session's and an address's
 * waiting limits; fallback sessions share the WebSocket connection limits per
 * address and per room; an honest client's batches and a message of the
 * maximum size still pass.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type ClientRequest } from 'node:http'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { BATCH_CONTENT_TYPE, CLIENT_MAX_BATCH_MESSAGES, httpMessagesPath, httpSessionsPath } from '../../shared/http-transport.ts'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { RawHttpSession, refusalOf } from '../../test-support/raw-http-session.ts'
import { upgradeStatus } from '../../test-support/raw-socket.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { encodeSyncUpdate } from '../protocol/encode-message.ts'

const MIB = 1024 * 1024
/** A message the server takes and answers with nothing (an auth message from a client carries nothing it reads). */
const NO_OP = new Uint8Array([MessageType.auth])

/** A sync update message that inserts `text` into the room's text, as a client would send it. */
function insertion(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, text)
  return encodeSyncUpdate(Y.encodeStateAsUpdate(doc))
}

/** A POST whose body never ends: the server holds it as a body being read until the request is destroyed. */
function unfinishedPost(baseUrl: string, session: RawHttpSession, declaredBytes: number): ClientRequest {
  const url = new URL(httpMessagesPath(session.room, session.id), baseUrl)
  const request = httpRequest(url, { method: 'POST', headers: { 'Content-Type': BATCH_CONTENT_TYPE, 'Content-Length': declaredBytes } })
  request.on('error', () => undefined)
  request.write(new Uint8Array([1]))
  return request
}

/** POSTs a small batch until the answer has `status`; fails after 10 s. */
async function sendUntil(session: RawHttpSession, status: number, description: string): Promise<Response> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const response = await session.send([NO_OP])
    if (response.status === status) return response
    await response.body?.cancel()
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${description} (last answer ${response.status})`)
  }
}

/** The peak resident memory of a process since the last `resetPeak`, and its resident memory now (Linux /proc). */
function memoryOf(pid: number): { peakBytes: number; residentBytes: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024
  return { peakBytes: kib('VmHWM'), residentBytes: kib('VmRSS') }
}

/** Sets the process's peak resident memory back to what it holds now (Linux ≥ 4.0: clear_refs 5). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
}

describe('HTTP fallback batch limits', () => {
  const seed = useServerPerTest()

  it('refuses a batch of one message over the limit before delivering any of it, closing only that session', async () => {
    const server = await seed.start({ HTTP_MAX_MESSAGES_PER_BATCH: String(CLIENT_MAX_BATCH_MESSAGES) })
    const watcher = seed.client('batches')
    await watcher.synced()
    const fillers = Array.from({ length: CLIENT_MAX_BATCH_MESSAGES - 1 }, () => NO_OP)

    const over = await RawHttpSession.open(server.url, 'batches')
    const refused = await refusalOf(await over.send([insertion('refused;'), ...fillers, NO_OP]))
    expect(refused).toMatchObject({ status: 413, body: { closeCode: CloseCode.messageTooBig } })
    expect(refused.body.error).toMatch(`more than ${CLIENT_MAX_BATCH_MESSAGES} messages`)
    expect(await refusalOf(await over.pollResponse(0))).toMatchObject({ status: 413, body: { closeCode: CloseCode.messageTooBig } })

    // Exactly the limit passes, and the server, the room and its other members carry on.
    const atLimit = await RawHttpSession.open(server.url, 'batches')
    expect((await atLimit.send([insertion('accepted;'), ...fillers])).status).toBe(204)
    await waitFor(() => watcher.text.toString().includes('accepted;'), 'the batch at the limit reaches the room')
    expect(watcher.text.toString()).not.toContain('refused;')
  })

  it.skipIf(process.platform !== 'linux')(
    'refuses a 16 MiB body of two-byte messages before decoding it: the server grows by little more than the body',
    { timeout: 30_000 },
    async () => {
      const server: ServerProcess = await startSeed()
      try {
        const session = await RawHttpSession.open(server.url, 'flood')
        // Length prefix 2, then a two-byte message, back to back.
        const body = new Uint8Array(16 * MIB - ((16 * MIB) % 3))
        for (let offset = 0; offset < body.byteLength; offset += 3) body.set([2, MessageType.auth, 0], offset)
        const before = memoryOf(server.pid).residentBytes
        resetPeak(server.pid)
        const refused = await refusalOf(await session.send({ raw: body }))
        const grownBy = memoryOf(server.pid).peakBytes - before
        expect(grownBy, `the server grew by ${Math.round(grownBy / MIB)} MiB for a ${body.byteLength / MIB} MiB body`).toBeLessThan(body.byteLength + 64 * MIB)
        expect(refused).toMatchObject({ status: 413, body: { closeCode: CloseCode.messageTooBig } })
        expect(refused.body.error).toMatch(/more than \d+ messages/)
        // The server keeps serving.
        const next = await RawHttpSession.open(server.url, 'flood')
        expect((await next.poll(0)).messages.length).toBeGreaterThan(0)
      } finally {
        await server.dispose()
      }
    },
  )

  describe('bodies still being read count toward the waiting limits', () => {
    // These sessions never poll: what the server sent them on joining waits unread, which must not end them here.
    const NEVER_POLLING = { STOPPED_READING_TIMEOUT_MS: '600000' }
    const unfinished: ClientRequest[] = []
    afterEach(() => unfinished.splice(0).forEach((request) => request.destroy()))

    it('of their session: parallel POSTs past four get 429 until some end', async () => {
      const server = await seed.start(NEVER_POLLING)
      const session = await RawHttpSession.open(server.url, 'parallel')
      for (let i = 0; i < 4; i++) unfinished.push(unfinishedPost(server.url, session, 1000))
      const refused = await refusalOf(await sendUntil(session, 429, 'the fifth POST is refused'))
      expect(refused.body.error).toMatch(/Too many batches wait for this session/)
      unfinished.splice(0).forEach((request) => request.destroy())
      await sendUntil(session, 204, 'a POST passes once the unfinished ones are gone')
    })

    it('of their address, across its sessions', async () => {
      const maxBatchBytes = 64 * 1024 + 64 * 1024
      const server = await seed.start({ ...NEVER_POLLING, MAX_MESSAGE_BYTES: String(64 * 1024), HTTP_MAX_WAITING_BYTES_PER_IP: String(2 * maxBatchBytes) })
      const [first, second, third] = await Promise.all([1, 2, 3].map(() => RawHttpSession.open(server.url, 'address')))
      unfinished.push(unfinishedPost(server.url, first!, maxBatchBytes), unfinishedPost(server.url, second!, maxBatchBytes))
      const refused = await refusalOf(await sendUntil(third!, 429, 'a POST past the address’s waiting bytes is refused'))
      expect(refused.body.error).toMatch(/wait from your address/)
      unfinished.shift()!.destroy()
      await sendUntil(third!, 204, 'a POST passes once an unfinished one is gone')
    })
  })

  it('counts fallback sessions toward MAX_CONNECTIONS_PER_IP together with WebSockets', async () => {
    const server = await seed.start({ MAX_CONNECTIONS_PER_IP: '2' })
    const overWebSocket = seed.client('per-ip')
    await overWebSocket.synced()
    const overHttp = await RawHttpSession.open(server.url, 'per-ip')
    const open = () => fetch(new URL(httpSessionsPath('per-ip-other-room'), server.url), { method: 'POST' })
    expect(await refusalOf(await open())).toMatchObject({ status: 429, body: { closeCode: CloseCode.tooManyConnectionsFromAddress } })
    expect((await upgradeStatus(server.url, '/ws/per-ip-other-room')).status).toBe(429)
    expect(await overHttp.leave()).toBe(204)
    const reopened = await open()
    expect(reopened.status).toBe(201)
  })

  it('counts fallback sessions toward MAX_CONNECTIONS_PER_ROOM together with WebSockets', async () => {
    const server = await seed.start({ MAX_CONNECTIONS_PER_ROOM: '2' })
    const overWebSocket = seed.client('full')
    await overWebSocket.synced()
    const overHttp = await RawHttpSession.open(server.url, 'full')
    const open = (room: string) => fetch(new URL(httpSessionsPath(room), server.url), { method: 'POST' })
    expect(await refusalOf(await open('full'))).toMatchObject({ status: 429, body: { closeCode: CloseCode.roomFull } })
    expect((await upgradeStatus(server.url, '/ws/full')).status).toBe(429)
    expect((await open('another-room')).status).toBe(201)
    expect(await overHttp.leave()).toBe(204)
    expect((await open('full')).status).toBe(201)
  })

  it('lets an honest client writing as fast as it can stay within the smallest batch limit a server may set', { timeout: 30_000 }, async () => {
    await seed.start({ HTTP_MAX_MESSAGES_PER_BATCH: String(CLIENT_MAX_BATCH_MESSAGES), MAX_MESSAGES_PER_SECOND: '5000', MESSAGE_BURST: '5000' })
    const writer = seed.client('honest', { transport: 'http' })
    const reader = seed.client('honest')
    await Promise.all([writer.synced(), reader.synced()])
    const closes: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0))
    const updates = 3 * CLIENT_MAX_BATCH_MESSAGES
    for (let i = 0; i < updates; i++) writer.doc.getArray<number>('rows').push([i])
    await waitFor(() => reader.doc.getArray('rows').length === updates || closes.length > 0, `the reader receives all ${updates} updates`, 25_000)
    expect(closes).toEqual([])
  })

  it('lets an honest client send one message of almost MAX_MESSAGE_BYTES', async () => {
    await seed.start({ MAX_MESSAGE_BYTES: String(MIB) })
    const writer = seed.client('large', { transport: 'http' })
    const reader = seed.client('large')
    await Promise.all([writer.synced(), reader.synced()])
    const pasted = 'x'.repeat(MIB - 1024)
    writer.text.insert(0, pasted)
    await waitFor(() => reader.text.length === pasted.length, 'the reader receives the large paste')
  })
})
