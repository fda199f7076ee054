/**
 * Awareness is owned (issue 17), over real sockets: a bad awareness message
 * closes only its sender and never stops anyone from joining; nobody, a
 * view-only reader included, changes or removes a presence another
 * connection holds; the per-connection caps; and a reconnecting client keeps
 * its caret whether its old socket closed or went half-dead.
 */
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { awarenessUpdate, nestedThenBrokenAwareness, presenceTakeoverAwareness } from '../../test-support/bad-inputs.ts'
import { waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { openRawSocket, type RawSocket } from '../../test-support/raw-socket.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { encodeAwarenessUpdate } from '../protocol/encode-message.ts'

const SECRET = 'the-shared-secret-of-this-test-run-0123456789'
const linkToken = (room: string, perm: 'edit' | 'view') => new SignJWT({ room, perm }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))

const nameIn = (client: NodeClient, clientId: number) => (client.provider.awareness.getStates().get(clientId) as { user?: { name?: string } } | undefined)?.user?.name

/** Sends one awareness entry over a raw socket, as a client's awareness would. */
function sendState(raw: RawSocket, clientId: number, clock: number, state: Record<string, unknown> | null): void {
  raw.socket.send(encodeAwarenessUpdate(awarenessUpdate([{ clientId, clock, state: JSON.stringify(state) }])))
}

/** Every change `client` was told about for `clientId`, in order. */
function changesSeenBy(client: NodeClient, clientId: number): string[] {
  const seen: string[] = []
  client.provider.awareness.on('change', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    if (added.includes(clientId)) seen.push('added')
    if (updated.includes(clientId)) seen.push('updated')
    if (removed.includes(clientId)) seen.push('removed')
  })
  return seen
}

describe('awareness is owned', () => {
  const harness = useServerPerTest()

  async function present(room: string, name: string, params: Record<string, string> = {}): Promise<NodeClient> {
    const client = harness.client(room, { params })
    client.provider.awareness.setLocalStateField('user', { name, color: '#112233' })
    await client.synced()
    return client
  }

  it('closes only the sender of a deep state followed by broken JSON (4400), and a newcomer still joins and sees everyone', async () => {
    const server = await harness.start()
    const ada = await present('poisoned', 'Ada')
    const attacker = await openRawSocket(server.wsUrl, 'poisoned')
    await attacker.firstMessage
    attacker.socket.send(encodeAwarenessUpdate(nestedThenBrokenAwareness([7001, 7002])))
    expect((await attacker.closed).code).toBe(CloseCode.malformedMessage)

    const newcomer = await present('poisoned', 'Grace')
    await waitFor(() => nameIn(newcomer, ada.doc.clientID) === 'Ada', 'the newcomer sees Ada')
    expect(newcomer.provider.awareness.getStates().has(7001)).toBe(false)
    expect(ada.provider.wsconnected).toBe(true)
    await waitFor(() => nameIn(ada, newcomer.doc.clientID) === 'Grace', 'Ada sees the newcomer')
  })

  it('lets a view-only reader (links mode) neither take over nor remove an editor’s presence, and keeps the reader connected', async () => {
    const server = await harness.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const ada = await present('owned', 'Ada', { token: await linkToken('owned', 'edit') })
    const watcher = await present('owned', 'Watcher', { token: await linkToken('owned', 'edit') })
    await waitFor(() => nameIn(watcher, ada.doc.clientID) === 'Ada', 'the watcher sees Ada')
    const adaClock = ada.provider.awareness.meta.get(ada.doc.clientID)!.clock

    const reader = await openRawSocket(server.wsUrl, `owned?token=${await linkToken('owned', 'view')}`)
    await reader.firstMessage
    const readerId = 424242
    sendState(reader, readerId, 1, { user: { name: 'Reader' } })
    reader.socket.send(encodeAwarenessUpdate(presenceTakeoverAwareness(ada.doc.clientID, adaClock, 'Mallory')))
    sendState(reader, ada.doc.clientID, adaClock + 10, null)
    // Handled in order: once the reader's own later state arrives, the two before it were handled.
    sendState(reader, readerId, 2, { user: { name: 'Reader, later' } })
    await waitFor(() => nameIn(watcher, readerId) === 'Reader, later', "the reader's own presence is shown")
    expect(nameIn(watcher, ada.doc.clientID)).toBe('Ada')
    expect(nameIn(ada, ada.doc.clientID)).toBe('Ada')
    expect(reader.socket.readyState).toBe(reader.socket.OPEN)
    reader.socket.close()
  })

  it('keeps at most MAX_AWARENESS_IDS_PER_SESSION ids per connection, and closes one that sends a state over MAX_AWARENESS_STATE_BYTES (4400)', async () => {
    const server = await harness.start({ MAX_AWARENESS_IDS_PER_SESSION: '2', MAX_AWARENESS_STATE_BYTES: '1024' })
    const watcher = await present('capped', 'Watcher')
    const greedy = await openRawSocket(server.wsUrl, 'capped')
    await greedy.firstMessage
    greedy.socket.send(encodeAwarenessUpdate(awarenessUpdate([1, 2, 3].map((clientId) => ({ clientId, clock: 1, state: '{"user":{"name":"many"}}' })))))
    await waitFor(() => watcher.provider.awareness.getStates().has(1) && watcher.provider.awareness.getStates().has(2), 'the first two ids are shown')
    expect(watcher.provider.awareness.getStates().has(3)).toBe(false)
    expect(greedy.socket.readyState).toBe(greedy.socket.OPEN)

    sendState(greedy, 1, 2, { user: { name: 'x'.repeat(2000) } })
    const { code, reason } = await greedy.closed
    expect(code).toBe(CloseCode.malformedMessage)
    expect(reason).toMatch(/at most 1024 bytes/)
    // Nothing of the refused message was kept; the connection's ids went with it.
    await waitFor(() => !watcher.provider.awareness.getStates().has(1), 'the closed connection’s presences are removed')
  })

  it('shows a reconnecting client again as soon as it reconnects when its old socket closed', async () => {
    await harness.start()
    const ada = await present('reconnect', 'Ada')
    const watcher = await present('reconnect', 'Watcher')
    await waitFor(() => nameIn(watcher, ada.doc.clientID) === 'Ada', 'the watcher sees Ada')
    // The network drops Ada's socket; her provider reconnects with the same client id and clock.
    ada.provider.ws!.close()
    await waitFor(() => !watcher.provider.awareness.getStates().has(ada.doc.clientID), 'Ada’s presence goes with her socket')
    // Well before her provider's 15 s renewal.
    await waitFor(() => nameIn(watcher, ada.doc.clientID) === 'Ada', 'Ada is shown again after reconnecting', 5_000)
    ada.provider.awareness.setLocalStateField('user', { name: 'Ada, back', color: '#112233' })
    await waitFor(() => nameIn(watcher, ada.doc.clientID) === 'Ada, back', 'her next change is shown')
  })

  it('passes a presence from a half-dead old socket to the reconnect without a gap', async () => {
    const server = await harness.start({ STOPPED_READING_TIMEOUT_MS: '1000' })
    const watcher = await present('half-dead', 'Watcher')
    const adaId = 515151
    const before = await openRawSocket(server.wsUrl, 'half-dead')
    await before.firstMessage
    sendState(before, adaId, 3, { user: { name: 'Ada' } })
    await waitFor(() => nameIn(watcher, adaId) === 'Ada', 'the watcher sees Ada')
    const seen = changesSeenBy(watcher, adaId)
    // Her network vanished: the old socket stays open on the server, reads nothing, answers no ping.
    before.socket.pause()

    const after = await openRawSocket(server.wsUrl, 'half-dead')
    await after.firstMessage
    sendState(after, adaId, 3, { user: { name: 'Ada' } })
    sendState(after, adaId, 4, { user: { name: 'Ada, moved' } })
    await waitFor(() => server.stats().connections === 2, 'the half-dead socket is dropped')
    await waitFor(() => nameIn(watcher, adaId) === 'Ada, moved', 'the reconnect’s latest state is shown')
    sendState(after, adaId, 5, { user: { name: 'Ada, typing' } })
    await waitFor(() => nameIn(watcher, adaId) === 'Ada, typing', 'the reconnect holds the id')
    expect(seen).not.toContain('removed')
    before.socket.terminate()
    after.socket.close()
  })
})
