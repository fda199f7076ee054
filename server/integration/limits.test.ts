import { describe, expect, it } from 'vitest'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { encodeSyncUpdate } from '../protocol/encode-message.ts'
import { textUpdate } from '../../test-support/bad-inputs.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { openRawSocket, upgradeStatus } from '../../test-support/raw-socket.ts'

describe('limits', () => {
  const harness = useServerPerTest()
  const client = (room: string) => harness.client(room)

  it('throttles a connection that floods messages: stops reading it, answers every message, never closes it', async () => {
    const server = await harness.start({ MAX_MESSAGES_PER_SECOND: '1000', MESSAGE_BURST: '200' })
    const raw = await openRawSocket(server.wsUrl, 'flood')
    await raw.firstMessage
    let answers = 0
    raw.socket.on('message', () => (answers += 1))
    const frame = new Uint8Array([MessageType.queryAwareness])
    for (let i = 0; i < 2000; i++) raw.socket.send(frame)
    // Each query awareness is answered (with the room's empty awareness): all 2000 are handled.
    await waitFor(() => answers >= 2000, 'every flooded message answered', 20_000)
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
    const metrics = await (await fetch(`${server.url}metrics`)).text()
    expect(metrics).toMatch(/seed_throttled_total\{limit="message-rate"\} [1-9]/)
    expect(metrics).not.toMatch(/^seed_limit_hits_total\{/m)
    raw.socket.close()
  })

  it('throttles a connection over the byte rate and keeps every update', async () => {
    const server = await harness.start({ MAX_MESSAGE_BYTES: '4096', MAX_BYTES_PER_SECOND: '4096' })
    const raw = await openRawSocket(server.wsUrl, 'bytes')
    await raw.firstMessage
    const observer = client('bytes')
    await observer.synced()
    for (let i = 0; i < 4; i++) raw.socket.send(encodeSyncUpdate(textUpdate(3000)))
    await waitFor(() => observer.text.length === 4 * 3000, 'the observer has all four updates')
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
    const metrics = await (await fetch(`${server.url}metrics`)).text()
    expect(metrics).toMatch(/seed_throttled_total\{limit="byte-rate"\} [1-9]/)
    raw.socket.close()
  })

  it('refuses connections past the per-address limit with HTTP 429 before the upgrade', async () => {
    const server = await harness.start({ MAX_CONNECTIONS_PER_IP: '3' })
    const sockets = await Promise.all([1, 2, 3].map(() => openRawSocket(server.wsUrl, 'per-ip')))
    const refused = await upgradeStatus(server.url, '/ws/per-ip-other-room')
    expect(refused.status).toBe(429)
    expect(refused.body).toMatch(/connections from your address/)
    sockets[0]!.socket.close()
    await sockets[0]!.closed
    await waitFor(() => server.stats().connections === 2, 'one slot free')
    const again = await openRawSocket(server.wsUrl, 'per-ip')
    expect(again.socket.readyState).toBe(again.socket.OPEN)
    for (const s of [...sockets, again]) s.socket.close()
  })

  it('counts the address a trusted reverse proxy forwards, not the proxy’s', async () => {
    const server = await harness.start({ MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: '1' })
    const first = await openRawSocket(server.wsUrl, 'proxied', { 'X-Forwarded-For': '203.0.113.1' })
    const second = await openRawSocket(server.wsUrl, 'proxied', { 'X-Forwarded-For': '203.0.113.2' })
    expect(second.socket.readyState).toBe(second.socket.OPEN)
    expect((await upgradeStatus(server.url, '/ws/proxied', { 'X-Forwarded-For': '203.0.113.1' })).status).toBe(429)
    for (const s of [first, second]) s.socket.close()
  })

  it('refuses connections past the per-room limit with HTTP 429 before the upgrade', async () => {
    const server = await harness.start({ MAX_CONNECTIONS_PER_ROOM: '2' })
    const a = await openRawSocket(server.wsUrl, 'small-room')
    const b = await openRawSocket(server.wsUrl, 'small-room')
    const refused = await upgradeStatus(server.url, '/ws/small-room')
    expect(refused.status).toBe(429)
    expect(refused.body).toMatch(/already has 2 connections/)
    const elsewhere = await openRawSocket(server.wsUrl, 'other-room')
    expect(elsewhere.socket.readyState).toBe(elsewhere.socket.OPEN)
    for (const s of [a, b, elsewhere]) s.socket.close()
  })

  it('unloads the least recently used empty room to load another, and refuses when every room is busy', async () => {
    const server = await harness.start({ MAX_LOADED_ROOMS: '2', ROOM_UNLOAD_GRACE_MS: '600000' })
    const first = client('lru-1')
    await first.synced()
    first.text.insert(0, 'first room text')
    const second = client('lru-2')
    await second.synced()
    expect(server.stats().loadedRooms).toBe(2)

    first.provider.disconnect()
    await waitFor(() => server.stats().connections === 1, 'first left')
    const third = client('lru-3')
    await third.synced()
    expect(server.stats().loadedRooms).toBe(2)

    const fourth = await openRawSocket(server.wsUrl, 'lru-4')
    const closed = await fourth.closed
    expect(closed.code).toBe(CloseCode.serverAtCapacity)

    third.destroy()
    await waitFor(() => server.stats().connections === 1, 'third left')
    const back = client('lru-1')
    await back.synced()
    expect(back.text.toString()).toBe('first room text')
  })

  it('refuses an update that would grow a document past its size limit without damaging it', async () => {
    const server = await harness.start({ MAX_DOCUMENT_BYTES: '20000' })
    const writer = client('big-doc')
    await writer.synced()
    writer.text.insert(0, 'kept text')
    const observer = client('big-doc')
    await waitFor(() => observer.text.toString() === 'kept text', 'observer has the small text')

    const raw = await openRawSocket(server.wsUrl, 'big-doc')
    raw.socket.send(encodeSyncUpdate(textUpdate(30_000)))
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.documentTooLarge)
    expect(closed.reason).toMatch(/was not saved/)

    writer.text.insert(writer.text.length, ' and more')
    await waitFor(() => observer.text.toString() === 'kept text and more', 'room keeps working')
    const fresh = client('big-doc')
    await fresh.synced()
    expect(fresh.text.toString()).toBe('kept text and more')
  })

  it('drops a client that stops reading before its send buffer passes the limit', async () => {
    const maxSendBuffer = 1024 * 1024
    const server = await harness.start({ MAX_SEND_BUFFER_BYTES: String(maxSendBuffer) })
    const sleeper = await openRawSocket(server.wsUrl, 'slow')
    // Stop reading from the TCP socket: the server's send buffer for it can only grow.
    ;(sleeper.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    const writer = client('slow')
    await writer.synced()
    const started = Date.now()
    const chunk = 'y'.repeat(64 * 1024)
    const writing = setInterval(() => writer.text.insert(0, chunk), 10)
    try {
      await waitFor(() => server.stats().connections === 1, 'sleeper dropped', 10_000)
    } finally {
      clearInterval(writing)
    }
    expect(Date.now() - started).toBeLessThan(10_000)
    const metrics = await (await fetch(`${server.url}metrics`)).text()
    expect(metrics).toMatch(/seed_limit_hits_total\{limit="send-buffer"\} 1/)
  })

  it('drops a client that stops reading at a modest rate, long before the kernel buffers fill, and keeps readers', async () => {
    // Stopped reading is only noticed after 2 s, the send buffer limit is far away.
    const server = await harness.start({ STOPPED_READING_TIMEOUT_MS: '2000' })
    const sleeper = await openRawSocket(server.wsUrl, 'modest')
    await sleeper.firstMessage
    ;(sleeper.socket as unknown as { _socket: { pause(): void } })._socket.pause()
    const writer = client('modest')
    const reader = client('modest')
    await Promise.all([writer.synced(), reader.synced()])
    const closes: number[] = []
    for (const c of [writer, reader]) c.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0))
    // About 20 KB/s: at this rate the kernel would buffer for minutes before the send buffer grew.
    const chunk = 'z'.repeat(1024)
    const writing = setInterval(() => writer.text.insert(writer.text.length, chunk), 50)
    try {
      await waitFor(() => server.stats().connections === 2, 'the sleeper is dropped', 15_000)
      // The two that read go on for longer than the timeout, undisturbed.
      await new Promise((resolve) => setTimeout(resolve, 3000))
    } finally {
      clearInterval(writing)
    }
    await waitFor(() => reader.text.length === writer.text.length, 'the reader has every write')
    expect(closes).toEqual([])
    expect(server.stats().connections).toBe(2)
    const metrics = await (await fetch(`${server.url}metrics`)).text()
    expect(metrics).toMatch(/seed_limit_hits_total\{limit="stopped-reading"\} 1/)
    sleeper.socket.terminate()
  })
})
