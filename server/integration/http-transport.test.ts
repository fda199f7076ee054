/**
 * The HTTP fallback transport against a real server over real HTTP: HTTP and
 * WebSocket clients in one room converge (text and awareness); across
 * overlapping and retried polls every message arrives once, in order, with no
 * gap; a stale cursor gets a full resync; a poller that goes away loses its
 * caret for everyone; a client over its rate limit is throttled, not cut off; bad
 * bodies, oversized bodies, bad cursors and unknown sessions are refused with
 * a clear status; a view token cannot write.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { API_PATHS, type CreatedRoomResponse } from '../../shared/access-api.ts'
import { httpSessionsPath } from '../../shared/http-transport.ts'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { RawHttpSession, refusalOf } from '../../test-support/raw-http-session.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { encodeSyncStep1 } from '../protocol/encode-message.ts'

const FAST_POLLS = { HTTP_POLL_TIMEOUT_MS: '300', HTTP_SESSION_IDLE_MS: '1000' }

/** A Y.Doc and awareness fed with the messages a raw session receives, as a provider would apply them. */
class RawReader {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Every message by its sequence number, to prove none came twice with different contents. */
  readonly bySeq = new Map<number, Uint8Array>()
  cursor = 0

  constructor() {
    this.awareness.setLocalState(null)
  }

  /** Applies a poll reply the way HttpPollingSocket does: skip what is below the cursor, jump on reset. */
  take(reply: { firstSeq: number; reset: boolean; messages: Uint8Array[] }): void {
    if (reply.reset && reply.firstSeq > this.cursor) this.cursor = reply.firstSeq
    reply.messages.forEach((message, index) => {
      const seq = reply.firstSeq + index
      const seen = this.bySeq.get(seq)
      if (seen) expect(Buffer.from(message).equals(Buffer.from(seen)), `message ${seq} came twice with different contents`).toBe(true)
      this.bySeq.set(seq, message)
      if (seq < this.cursor) return
      this.cursor = seq + 1
      this.apply(message)
    })
  }

  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }

  private apply(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    if (type === MessageType.sync) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), this.doc, 'server')
    if (type === MessageType.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'server')
  }
}

const text = (doc: Y.Doc) => doc.getText('text').toString()

/** Polls from the reader's cursor until `done`; fails with `description` after 10 s. */
async function pollUntil(session: RawHttpSession, reader: RawReader, done: () => boolean, description: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out polling for: ${description}`)
    reader.take(await session.poll(reader.cursor))
  }
}

describe('HTTP fallback transport', () => {
  const seed = useServerPerTest()

  it('lets two HTTP clients and a WebSocket client converge, text and awareness', async () => {
    await seed.start(FAST_POLLS)
    const overHttp = [seed.client('mixed', { transport: 'http' }), seed.client('mixed', { transport: 'http' })]
    const overWebSocket = seed.client('mixed')
    const everyone = [...overHttp, overWebSocket]
    await Promise.all(everyone.map((client) => client.synced()))
    everyone.forEach((client, index) => {
      client.text.insert(0, `[${index}]`)
      client.provider.awareness.setLocalStateField('user', { name: `person ${index}`, color: '#aa3377' })
    })
    await waitFor(() => everyone.every((client) => client.text.length === 9), 'every edit everywhere')
    expect(new Set(everyone.map((client) => client.text.toString())).size).toBe(1)
    await waitFor(
      () => everyone.every((client) => everyone.every((other) => client.provider.awareness.getStates().get(other.doc.clientID)?.user?.name !== undefined)),
      'everyone sees everyone else',
    )
  })

  it('delivers every numbered update once, in order, with no gap, across overlapping and retried polls', async () => {
    const server = await seed.start(FAST_POLLS)
    const writer = seed.client('numbered')
    await writer.synced()
    const session = await RawHttpSession.open(server.url, 'numbered')
    expect((await session.send([encodeSyncStep1(new Y.Doc())])).status).toBe(204)
    const reader = new RawReader()
    const count = 120
    for (let round = 0; round < count / 10; round++) {
      for (let i = round * 10; i < round * 10 + 10; i++) writer.text.insert(writer.text.length, `${i};`)
      const cursor = reader.cursor
      switch (round % 3) {
        case 0:
          // A retry: the first reply is lost on the way, the same poll is sent again.
          await session.poll(cursor)
          reader.take(await session.poll(cursor))
          break
        case 1: {
          // Overlapping polls: the second supersedes the first; both replies arrive, in any order.
          const [first, second] = await Promise.all([session.poll(cursor), session.poll(cursor)])
          reader.take(second)
          reader.take(first)
          break
        }
        case 2:
          reader.take(await session.poll(cursor))
          break
      }
    }
    const expected = Array.from({ length: count }, (_, i) => `${i};`).join('')
    await waitFor(() => writer.text.toString() === expected, 'the writer has every number')
    await pollUntil(session, reader, () => text(reader.doc) === expected, 'every number')
    const seqs = [...reader.bySeq.keys()].sort((a, b) => a - b)
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i))
    reader.destroy()
  })

  it('answers a cursor that is too old with a reset and a full sync instead of a gap', async () => {
    const server = await seed.start(FAST_POLLS)
    const writer = seed.client('stale')
    await writer.synced()
    writer.provider.awareness.setLocalStateField('user', { name: 'Writer', color: '#3366aa' })
    writer.text.insert(0, 'written before the gap')
    const session = await RawHttpSession.open(server.url, 'stale')
    await session.send([encodeSyncStep1(new Y.Doc())])
    const before = new RawReader()
    await pollUntil(session, before, () => text(before.doc) === 'written before the gap', 'the text')
    // Acknowledges everything so far: the server forgets it.
    const head = before.cursor
    await session.poll(head)

    const reply = await session.poll(0)
    expect(reply.reset).toBe(true)
    expect(reply.firstSeq).toBeGreaterThanOrEqual(head)
    const fresh = new RawReader()
    fresh.take(reply)
    const resynced = () => text(fresh.doc) === 'written before the gap' && fresh.awareness.getStates().get(writer.doc.clientID)?.user?.name === 'Writer'
    await pollUntil(session, fresh, resynced, 'the full sync after the reset')
    before.destroy()
    fresh.destroy()
  })

  it('removes the caret of a poller that went away, for the WebSocket clients', async () => {
    const server = await seed.start(FAST_POLLS)
    const watcher = seed.client('vanish')
    await watcher.synced()
    const poller = new Y.Doc()
    const pollerAwareness = new awarenessProtocol.Awareness(poller)
    pollerAwareness.setLocalStateField('user', { name: 'Poller', color: '#228833' })
    const session = await RawHttpSession.open(server.url, 'vanish')
    const awarenessMessage = encoding.createEncoder()
    encoding.writeVarUint(awarenessMessage, MessageType.awareness)
    encoding.writeVarUint8Array(awarenessMessage, awarenessProtocol.encodeAwarenessUpdate(pollerAwareness, [poller.clientID]))
    await session.send([encoding.toUint8Array(awarenessMessage)])
    await waitFor(() => watcher.provider.awareness.getStates().get(poller.clientID)?.user?.name === 'Poller', 'the watcher sees the poller')
    // The poller stops polling without leaving (its tab was killed, its network went away).
    await waitFor(() => !watcher.provider.awareness.getStates().has(poller.clientID), 'the poller is removed', 5_000)
    expect(await refusalOf(await session.pollResponse(0))).toMatchObject({ status: 408, body: { closeCode: CloseCode.goingAway } })
    pollerAwareness.destroy()
  })

  it('ends the session of a poller that falls behind past the send-buffer limit, and tells it why', async () => {
    const server = await seed.start({ HTTP_POLL_TIMEOUT_MS: '300', HTTP_SESSION_IDLE_MS: '60000', MAX_SEND_BUFFER_BYTES: '1024' })
    const writer = seed.client('behind')
    const observer = seed.client('behind')
    await Promise.all([writer.synced(), observer.synced()])
    const session = await RawHttpSession.open(server.url, 'behind')
    expect((await session.poll(0)).messages.length).toBeGreaterThan(0)
    // The session is not polled again: what is relayed to it waits unacknowledged.
    for (let i = 0; i < 4; i++) writer.text.insert(writer.text.length, 'x'.repeat(500))
    await waitFor(() => observer.text.length === 2000, 'the edits were relayed to the room')
    expect(await refusalOf(await session.pollResponse(0))).toMatchObject({ status: 408, body: { closeCode: CloseCode.slowConsumer } })
  })

  it('removes the caret of an HTTP client that leaves at once', async () => {
    await seed.start(FAST_POLLS)
    const watcher = seed.client('leave')
    const leaver = seed.client('leave', { transport: 'http' })
    await Promise.all([watcher.synced(), leaver.synced()])
    leaver.provider.awareness.setLocalStateField('user', { name: 'Leaver', color: '#228833' })
    await waitFor(() => watcher.provider.awareness.getStates().has(leaver.doc.clientID), 'the watcher sees the leaver')
    leaver.provider.disconnect()
    await waitFor(() => !watcher.provider.awareness.getStates().has(leaver.doc.clientID), 'the leaver is removed', 800)
  })

  it('throttles an HTTP client that writes as fast as it can: never closed, every update kept', { timeout: 30_000 }, async () => {
    const server = await seed.start({ ...FAST_POLLS, MAX_MESSAGES_PER_SECOND: '300', MESSAGE_BURST: '50' })
    const writer = seed.client('import', { transport: 'http' })
    const reader = seed.client('import')
    await Promise.all([writer.synced(), reader.synced()])
    const closes: number[] = []
    writer.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? 0))
    const updates = 1500
    for (let i = 0; i < updates; i++) writer.doc.getArray<number>('rows').push([i])
    await waitFor(() => reader.doc.getArray('rows').length === updates || closes.length > 0, `the reader receives all ${updates} updates`, 25_000)
    expect(closes).toEqual([])
    expect(reader.doc.getArray<number>('rows').toArray()).toEqual(Array.from({ length: updates }, (_, i) => i))
    expect(await (await fetch(`${server.url}metrics`)).text()).toMatch(/seed_throttled_total\{limit="message-rate"\} [1-9]/)
  })

  it('refuses bad and oversized bodies, bad cursors and unknown sessions with a clear status', async () => {
    const server = await seed.start({ ...FAST_POLLS, MAX_MESSAGE_BYTES: '1024' })
    const open = () => RawHttpSession.open(server.url, 'refusals')

    const truncated = await open()
    expect(await refusalOf(await truncated.send({ raw: new Uint8Array([5, 0, 1]) }))).toMatchObject({ status: 400, body: { closeCode: CloseCode.malformedMessage } })
    expect(await refusalOf(await truncated.pollResponse(0))).toMatchObject({ status: 400, body: { closeCode: CloseCode.malformedMessage } })

    const text = await open()
    expect((await refusalOf(await text.send({ raw: new TextEncoder().encode('hello'), contentType: 'text/plain' }))).status).toBe(415)

    const tooLargeMessage = await open()
    const response = await tooLargeMessage.send([new Uint8Array(2000).fill(1)])
    expect(await refusalOf(response)).toMatchObject({ status: 413, body: { closeCode: CloseCode.messageTooBig } })
    const tooLargeBody = await open()
    expect((await refusalOf(await tooLargeBody.send({ raw: new Uint8Array(200_000) }))).status).toBe(413)

    // Framed well, but not a y-websocket message: the session ends, and its poll says why.
    const garbage = await open()
    expect((await garbage.send([new Uint8Array([99, 1, 2])])).status).toBe(204)
    expect(await refusalOf(await garbage.pollResponse(0))).toMatchObject({ status: 400, body: { closeCode: CloseCode.malformedMessage } })

    const cursors = await open()
    for (const cursor of ['abc', '-1', '1.5', '']) expect((await refusalOf(await cursors.pollResponse(cursor))).status, `cursor ${cursor}`).toBe(400)
    expect((await refusalOf(await cursors.pollResponse(1000))).body.error).toMatch(/past the/)
    expect((await cursors.poll(0)).messages.length).toBeGreaterThan(0)

    const unknown = await fetch(new URL(`${httpSessionsPath('refusals')}/no-such-session/messages?cursor=0`, server.url))
    expect(await refusalOf(unknown)).toMatchObject({ status: 410, body: { closeCode: 1006 } })
    expect((await fetch(new URL(httpSessionsPath('bad room!'), server.url), { method: 'POST' })).status).toBe(400)
    expect((await fetch(new URL(`${httpSessionsPath('refusals')}?token=abc`, server.url), { method: 'POST' })).status).toBe(400)
    expect((await fetch(new URL(httpSessionsPath('refusals'), server.url), { method: 'GET' })).status).toBe(405)
  })

  it('links mode: needs a token, and a view token on HTTP reads live edits but cannot write', async () => {
    const server = await seed.start({ ...FAST_POLLS, AUTH_MODE: 'links', AUTH_SECRET: 'the-shared-secret-of-this-test-run-0123456789' })
    const created = (await (await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })).json()) as Extract<CreatedRoomResponse, { editToken: string }>
    const tokenless = await fetch(new URL(httpSessionsPath(created.room), server.url), { method: 'POST' })
    expect(await refusalOf(tokenless)).toMatchObject({ status: 401, body: { closeCode: CloseCode.unauthorized } })
    expect(tokenless.headers.get('www-authenticate')).toBe('Bearer')

    const editor = seed.client(created.room, { params: { token: created.editToken } })
    const viewer = seed.client(created.room, { transport: 'http', params: { token: created.viewToken } })
    await Promise.all([editor.synced(), viewer.synced()])
    viewer.text.insert(0, 'the viewer tried this; ')
    editor.text.insert(0, 'written by the editor')
    await waitFor(() => viewer.text.toString().includes('written by the editor'), 'the viewer reads the edit')
    const reader = seed.client(created.room, { transport: 'http', params: { token: created.editToken } })
    await reader.synced()
    await waitFor(() => reader.text.toString() === 'written by the editor', 'a fresh client sees only the editor’s text')
    expect(editor.text.toString()).toBe('written by the editor')

    // A session opened with the view token cannot be used with another token's permission.
    const session = await RawHttpSession.open(server.url, created.room, { Authorization: `Bearer ${created.viewToken}` })
    const other = await fetch(new URL(`${httpSessionsPath(created.room)}/${session.id}/messages?cursor=0`, server.url), {
      headers: { Authorization: `Bearer ${created.editToken}` },
    })
    expect((await refusalOf(other)).status).toBe(403)
  })
})
