/**
 * Many rooms written at once share one durable write path (the store batches
 * every room's appends of a turn together): each room still converges, holds
 * only its own edits in its own order, and keeps all of them across a crash.
 * Seed runs as a real child process; stock y-websocket clients over sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'

const ROOMS = 24
const CLIENTS_PER_ROOM = 3
const WRITES_PER_CLIENT = 40

const roomId = (room: number) => `many-${room}`
/** The entries a room must end with: every client's writes, each tagged with its room. */
const expectedEntries = (room: number) =>
  Array.from({ length: CLIENTS_PER_ROOM }, (_, client) => Array.from({ length: WRITES_PER_CLIENT }, (_, i) => `${room}/${client}/${i}`)).flat().sort()

describe('many rooms under load', { timeout: 180_000 }, () => {
  let seed: ServerProcess
  const clients: NodeClient[] = []
  const open = (room: number) => {
    const client = connectClient(seed.wsUrl, roomId(room))
    clients.push(client)
    return client
  }
  const closeAll = () => clients.splice(0).forEach((client) => client.destroy())

  beforeAll(async () => {
    seed = await startSeed({ env: { MAX_CONNECTIONS_PER_IP: '1000' } })
  })
  afterAll(async () => {
    closeAll()
    await seed.dispose()
  })

  it('converges in every room while all of them write at once, and keeps every edit across a crash', async () => {
    const rooms = Array.from({ length: ROOMS }, (_, room) => Array.from({ length: CLIENTS_PER_ROOM }, () => open(room)))
    await Promise.all(rooms.flat().map((client) => client.synced()))

    // Every client of every room writes its entries in small interleaved bursts, without waiting for anyone.
    for (let i = 0; i < WRITES_PER_CLIENT; i += 4) {
      rooms.forEach((room, r) =>
        room.forEach((client, c) => {
          for (let k = i; k < i + 4; k++) client.doc.getArray<string>('entries').push([`${r}/${c}/${k}`])
        }),
      )
      await new Promise((resolve) => setImmediate(resolve))
    }

    const entriesOf = (client: NodeClient) => client.doc.getArray<string>('entries').toArray()
    await waitFor(
      () => rooms.every((room) => room.every((client) => entriesOf(client).length === CLIENTS_PER_ROOM * WRITES_PER_CLIENT)),
      'every client of every room to hold every entry of its room',
      120_000,
    )
    rooms.forEach((room, r) => {
      const order = entriesOf(room[0]!)
      for (const client of room) expect(entriesOf(client)).toEqual(order)
      expect([...order].sort()).toEqual(expectedEntries(r))
      // Each writer's own entries keep the order it wrote them in.
      for (let c = 0; c < CLIENTS_PER_ROOM; c++) {
        const mine = order.filter((entry) => entry.startsWith(`${r}/${c}/`))
        expect(mine).toEqual(Array.from({ length: WRITES_PER_CLIENT }, (_, i) => `${r}/${c}/${i}`))
      }
    })
    closeAll()

    await seed.kill()
    await seed.restart()
    const fresh = Array.from({ length: ROOMS }, (_, room) => open(room))
    await Promise.all(fresh.map((client) => client.synced()))
    fresh.forEach((client, r) => expect([...entriesOf(client)].sort()).toEqual(expectedEntries(r)))
  })
})
