/**
 * GET /api/rooms/<room> (issue 10, issue 17): an id never created is a 404, not
 * an empty document; a room exists once created (POST /api/rooms, see
 * room-creation.test.ts) or written, and while people are in it. Authorized
 * exactly like the access API, so it tells nobody without access which rooms exist.
 */
import { describe, expect, it } from 'vitest'
import { API_PATHS, type ApiError, type CreatedRoomResponse, type RoomInfoResponse } from '../../shared/access-api.ts'
import type { TestServer } from '../../test-support/in-process-server.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

const SECRET = 'the-shared-secret-of-this-test-run-0123456789'

async function roomInfo(server: TestServer, room: string, token: string | null = null) {
  const headers: HeadersInit = token === null ? {} : { Authorization: `Bearer ${token}` }
  const response = await fetch(new URL(API_PATHS.room(room), server.url), { headers })
  return { status: response.status, body: (await response.json()) as RoomInfoResponse | ApiError }
}

describe('GET /api/rooms/<room>', () => {
  const seed = useServerPerTest()

  it('is 404 for an id never created, 200 while people are in the room before anyone writes, and 200 once written', async () => {
    const server = await seed.start({ ROOM_UNLOAD_GRACE_MS: '0' })
    const never = await roomInfo(server, 'never-created')
    expect(never.status).toBe(404)
    expect((never.body as ApiError).error).toMatch(/No document was ever created/)

    // A stock client that only connects writes nothing, but a room with people in it is never "not found".
    const reader = seed.client('looked-at')
    await reader.synced()
    expect((await roomInfo(server, 'looked-at')).body).toEqual({ room: 'looked-at', exists: true, lastSeq: 0, createdAt: null })
    seed.destroyClients()
    await waitForStatus(server, 'looked-at', null, 404)

    const writer = seed.client('written')
    await writer.synced()
    writer.text.insert(0, 'hello')
    // The room exists as soon as the server applied the update, stored or on its way to the store.
    await waitForStatus(server, 'written', null, 200)
    expect((await roomInfo(server, 'written')).body).toMatchObject({ room: 'written', exists: true })
  })

  it('answers 405 to other methods and 400 to an invalid room id', async () => {
    const server = await seed.start()
    expect((await fetch(new URL(API_PATHS.room('x'), server.url), { method: 'POST' })).status).toBe(405)
    expect((await roomInfo(server, 'bad room!')).status).toBe(400)
  })

  it('links: 401 without a token, 403 with another room’s token, the answer with the room’s own', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const created = (await (await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })).json()) as CreatedRoomResponse & { viewToken: string }
    const other = (await (await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })).json()) as CreatedRoomResponse & { viewToken: string }
    const unauthenticated = await fetch(new URL(API_PATHS.room(created.room), server.url))
    expect(unauthenticated.status).toBe(401)
    expect(unauthenticated.headers.get('www-authenticate')).toBe('Bearer')
    expect((await roomInfo(server, created.room, other.viewToken)).status).toBe(403)
    // Created on the server: it exists before anything is written to it.
    expect((await roomInfo(server, created.room, created.viewToken)).status).toBe(200)
    expect((await roomInfo(server, 'never-created', other.viewToken)).status).toBe(403)

    const writer = seed.client(created.room, { params: { token: (created as { editToken: string }).editToken } })
    await writer.synced()
    writer.text.insert(0, 'hello')
    await expect.poll(async () => ((await roomInfo(server, created.room, created.viewToken)).body as RoomInfoResponse).lastSeq).toBe(1)
    expect((await roomInfo(server, created.room, other.viewToken)).status).toBe(403)
  })
})

async function waitForStatus(server: TestServer, room: string, token: string | null, status: number): Promise<void> {
  const deadline = Date.now() + 5_000
  while ((await roomInfo(server, room, token)).status !== status) {
    if (Date.now() > deadline) throw new Error(`GET ${API_PATHS.room(room)} never answered ${status}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
