import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'

describe('collaboration over the y-websocket protocol', () => {
  let server: TestServer
  const clients: NodeClient[] = []
  const client = (room: string) => {
    const c = connectClient(server.wsUrl, room)
    clients.push(c)
    return c
  }

  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.dispose()
  })

  it('lets two stock clients converge', async () => {
    const alice = client('converge')
    const bob = client('converge')
    await Promise.all([alice.synced(), bob.synced()])
    alice.text.insert(0, 'hello ')
    bob.text.insert(0, 'world')
    await waitFor(() => alice.text.toString().length === 11 && bob.text.toString().length === 11, 'both edits everywhere')
    expect(alice.text.toString()).toBe(bob.text.toString())
  })

  it('gives a late joiner the full state', async () => {
    const writer = client('late')
    await writer.synced()
    for (let i = 0; i < 50; i++) writer.text.insert(writer.text.length, `line ${i}\n`)
    const expected = writer.text.toString()
    const observer = client('late')
    await observer.synced()
    await waitFor(() => observer.text.toString() === expected, 'late joiner has everything')
  })

  it('relays awareness and removes it when a socket dies without a close frame', async () => {
    const alice = client('presence')
    const bob = client('presence')
    await Promise.all([alice.synced(), bob.synced()])
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#aa3377' })
    const aliceId = alice.doc.clientID
    await waitFor(() => bob.provider.awareness.getStates().get(aliceId)?.user?.name === 'Alice', 'Bob sees Alice')

    alice.provider.shouldConnect = false
    ;(alice.provider.ws as unknown as { terminate(): void }).terminate()
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 'Alice removed for Bob', 5_000)
  })

  it('serves rooms independently', async () => {
    const a = client('room-a')
    const b = client('room-b')
    await Promise.all([a.synced(), b.synced()])
    a.text.insert(0, 'only in a')
    const a2 = client('room-a')
    await a2.synced()
    await waitFor(() => a2.text.toString() === 'only in a', 'room a has its text')
    expect(b.text.toString()).toBe('')
  })
})
