/**
 * POST /api/rooms (issue 17): a new document is created on the server in every
 * access mode, so its link opens for anyone before its first keystroke, over
 * WebSocket and over the HTTP fallback; a client-chosen id that exists is a
 * 409; creating is rate-limited per client address. Issue 19 point 8: a
 * Markdown or HTML body is imported as the new document's content.
 */
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { API_PATHS, type ApiError, type RoomInfoResponse } from '../../shared/access-api.ts'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import type { TestServer } from '../../test-support/in-process-server.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

const SECRET = 'the-shared-secret-of-this-test-run-0123456789'

async function create(server: TestServer, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(API_PATHS.rooms, server.url), {
    method: 'POST',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, string> & ApiError }
}

async function roomInfo(server: TestServer, room: string, token: string | null = null) {
  const response = await fetch(new URL(API_PATHS.room(room), server.url), { headers: token === null ? {} : { Authorization: `Bearer ${token}` } })
  return { status: response.status, body: (await response.json()) as RoomInfoResponse }
}

const jwt = (claims: Record<string, unknown>) =>
  new SignJWT({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET))

describe('POST /api/rooms', () => {
  const seed = useServerPerTest()

  for (const transport of ['websocket', 'http'] as const) {
    it(`creates a room that exists before its first write, and a second person joins it and syncs (${transport})`, async () => {
      const server = await seed.start({ HTTP_POLL_TIMEOUT_MS: '300' })
      const created = await create(server)
      expect(created.status).toBe(201)
      const { room } = created.body
      const before = Date.now()
      const info = await roomInfo(server, room!)
      expect(info.status).toBe(200)
      expect(info.body).toMatchObject({ room, exists: true, lastSeq: 0 })
      expect(info.body.createdAt).toBeLessThanOrEqual(before)

      const ada = seed.client(room!, { transport })
      const bo = seed.client(room!, { transport })
      await Promise.all([ada.synced(), bo.synced()])
      ada.text.insert(0, 'Ada ')
      bo.text.insert(0, 'Bo ')
      await waitFor(() => ada.text.length === 7 && bo.text.length === 7, 'both to see both edits')
      expect(ada.text.toString()).toBe(bo.text.toString())
    })
  }

  it('creates a room under the id the client chose, once: 409 for an id created or written before, 400 for a bad id or body', async () => {
    const server = await seed.start()
    expect(await create(server, { id: 'chosen-here' })).toMatchObject({ status: 201, body: { room: 'chosen-here' } })
    expect((await roomInfo(server, 'chosen-here')).status).toBe(200)
    const again = await create(server, { id: 'chosen-here' })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatch(/exists already/)

    // A stock y-websocket client's first write creates the room it connected to.
    const writer = seed.client('written-by-a-stock-client')
    await writer.synced()
    writer.text.insert(0, 'hello')
    await expect.poll(async () => (await create(server, { id: 'written-by-a-stock-client' })).status).toBe(409)

    expect((await create(server, { id: 'bad room!' })).status).toBe(400)
    expect((await create(server, { id: 42 })).status).toBe(400)
    expect((await create(server, '{"id":')).status).toBe(400)
    expect((await create(server, { other: 'field' })).status).toBe(201)
  })

  it('links: anyone creates, the server names the room, and its view link opens it before anything is written', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const created = await create(server)
    expect(created.status).toBe(201)
    expect(Object.keys(created.body).sort()).toEqual(['editToken', 'room', 'viewToken'])
    expect((await roomInfo(server, created.body.room!, created.body.viewToken!)).status).toBe(200)
    // A chosen id would tell anyone without a token, by a 409, which rooms exist.
    expect(await create(server, { id: 'chosen' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/server names new documents/) } })
  })

  it('links: a deleted document is created again under its id (a device restoring its copy) only with its edit link’s token, and its old links open it', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const { room, editToken, viewToken } = (await create(server)).body
    const other = (await create(server)).body
    await server.documents.delete(room!)
    expect((await roomInfo(server, room!, viewToken!)).status).toBe(410)

    const restoring = (token?: string) => create(server, { id: room }, token === undefined ? {} : { Authorization: `Bearer ${token}` })
    expect((await restoring()).status).toBe(400)
    expect((await restoring(viewToken)).status).toBe(403)
    expect((await restoring(other.editToken)).status).toBe(403)
    expect(await restoring(editToken)).toMatchObject({ status: 201, body: { room } })
    expect((await roomInfo(server, room!, viewToken!)).status).toBe(200)
    expect((await restoring(editToken)).status).toBe(409)
  })

  it('jwt: only a token that may edit the named room creates it', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET })
    const editor = await jwt({ room: 'team-*', perm: 'edit' })
    const reader = await jwt({ room: 'team-*', perm: 'view' })
    expect((await create(server)).status).toBe(403)
    expect((await create(server, { id: 'team-notes' })).status).toBe(401)
    expect((await create(server, { id: 'team-notes' }, { Authorization: `Bearer ${reader}` })).status).toBe(403)
    expect((await create(server, { id: 'other-notes' }, { Authorization: `Bearer ${editor}` })).status).toBe(403)
    expect((await roomInfo(server, 'team-notes', reader)).status).toBe(404)
    expect(await create(server, { id: 'team-notes' }, { Authorization: `Bearer ${editor}` })).toMatchObject({ status: 201, body: { room: 'team-notes' } })
    expect((await roomInfo(server, 'team-notes', reader)).status).toBe(200)
    expect((await create(server, { id: 'team-notes' }, { Authorization: `Bearer ${editor}` })).status).toBe(409)
  })

  it(`refuses more than ROOMS_CREATED_PER_MINUTE_PER_IP creations from one address with 429 and Retry-After; other addresses go on`, async () => {
    const server = await seed.start({ ROOMS_CREATED_PER_MINUTE_PER_IP: '3', TRUST_PROXY: '1' })
    const from = (address: string) => ({ 'X-Forwarded-For': address })
    for (let i = 0; i < 3; i++) expect((await create(server, undefined, from('203.0.113.7'))).status).toBe(201)
    const refused = await create(server, undefined, from('203.0.113.7'))
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(refused.body.error).toMatch(/Too many new documents from your address; try again in \d+ s/)
    // A refused attempt creates nothing, and asking again with an id changes nothing.
    expect((await create(server, { id: 'sneaked-in' }, from('203.0.113.7'))).status).toBe(429)
    expect((await roomInfo(server, 'sneaked-in')).status).toBe(404)
    expect((await create(server, undefined, from('203.0.113.8'))).status).toBe(201)
  })
})

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'

const MARKDOWN = `# Trip plan

Tickets are on [the rail site](https://rail.example.com/trip).

- bread

- [x] pack the bags

| Day | Place |
| --- | ----- |
| Mon | Lyon |
`

const HTML = `<h1>Trip plan</h1><p>Tickets are on <a href="https://rail.example.com/trip">the rail site</a>.</p>
<ul><li><p>bread</p></li></ul>
<ul data-type="taskList"><li data-type="taskItem" data-checked="true"><p>pack the bags</p></li></ul>
<table><tbody><tr><th><p>Day</p></th><th><p>Place</p></th></tr><tr><td><p>Mon</p></td><td><p>Lyon</p></td></tr></tbody></table>`

async function importFile(server: TestServer, contentType: string, body: BodyInit, query = '', headers: Record<string, string> = {}) {
  const response = await fetch(new URL(`${API_PATHS.rooms}${query}`, server.url), { method: 'POST', headers: { 'Content-Type': contentType, ...headers }, body })
  return { status: response.status, body: (await response.json()) as Record<string, string> & ApiError }
}

/** Every document on the server, through the document API. */
async function listDocuments(server: TestServer): Promise<Array<{ id: string; title: string }>> {
  const response = await fetch(new URL('/api/v1/documents', server.url), { headers: { Authorization: `Bearer ${API_KEY}` } })
  return ((await response.json()) as { documents: Array<{ id: string; title: string }> }).documents
}

/** The top-level node names of a synced document, and its XML (links, marks, text). */
function structureOf(doc: Y.Doc): { blocks: string[]; xml: string } {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD)
  return { blocks: fragment.toArray().map((node) => (node instanceof Y.XmlElement ? node.nodeName : 'text')), xml: fragment.toString() }
}

describe('POST /api/rooms with a Markdown or HTML file (import)', () => {
  const seed = useServerPerTest()

  for (const [format, contentType, body] of [
    ['a Markdown', 'text/markdown; charset=utf-8', MARKDOWN],
    ['an HTML', 'text/html', HTML],
  ] as const) {
    it(`creates a document from ${format} file, named by the server, that a stock client syncs with its structure`, async () => {
      const server = await seed.start({ API_KEY })
      const created = await importFile(server, contentType, body)
      expect(created.status).toBe(201)
      const { room } = created.body
      expect((await roomInfo(server, room!)).status).toBe(200)

      const reader = seed.client(room!)
      await reader.synced()
      const { blocks, xml } = structureOf(reader.doc)
      expect(blocks).toEqual(['heading', 'paragraph', 'bulletList', 'taskList', 'table'])
      expect(xml).toContain('Trip plan')
      expect(xml).toContain('https://rail.example.com/trip')
      expect(xml).toContain('pack the bags')
      expect(await listDocuments(server)).toMatchObject([{ id: room }])
    })
  }

  it('records ?title= (the file name the app sends for content without a heading) as the title', async () => {
    const server = await seed.start({ API_KEY })
    const created = await importFile(server, 'text/markdown', 'Just a line of notes.', '?title=Meeting%20notes')
    expect(created.status).toBe(201)
    expect(await listDocuments(server)).toMatchObject([{ id: created.body.room, title: 'Meeting notes' }])
  })

  it('refuses a file over MAX_IMPORT_BYTES (413), one that is not UTF-8 and an overlong title (400): nothing is created', async () => {
    const server = await seed.start({ API_KEY, MAX_IMPORT_BYTES: '2048' })
    const tooBig = await importFile(server, 'text/markdown', `# Big\n\n${'word '.repeat(1000)}`)
    expect(tooBig).toMatchObject({ status: 413, body: { error: 'The file is too large to import: at most 2 KiB' } })
    const latin1 = await importFile(server, 'text/html', new Blob([new Uint8Array([0x3c, 0x70, 0x3e, 0xe9, 0x3c, 0x2f, 0x70, 0x3e])]))
    expect(latin1).toMatchObject({ status: 400, body: { error: expect.stringMatching(/not UTF-8/) } })
    expect(await importFile(server, 'text/markdown', 'x', `?title=${'t'.repeat(201)}`)).toMatchObject({ status: 400 })
    expect(await listDocuments(server)).toEqual([])
  })

  it('jwt: refuses an import (the server would name the room, and there the embedding application names rooms)', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET })
    const editor = await jwt({ room: '*', perm: 'edit' })
    expect((await importFile(server, 'text/markdown', '# Plan', '', { Authorization: `Bearer ${editor}` })).status).toBe(403)
  })

  it('counts imports toward ROOMS_CREATED_PER_MINUTE_PER_IP like any creation', async () => {
    const server = await seed.start({ API_KEY, ROOMS_CREATED_PER_MINUTE_PER_IP: '2' })
    expect((await importFile(server, 'text/markdown', '# One')).status).toBe(201)
    expect((await create(server)).status).toBe(201)
    const refused = await importFile(server, 'text/markdown', '# Three')
    expect(refused).toMatchObject({ status: 429, body: { error: expect.stringMatching(/Too many new documents/) } })
    expect(await listDocuments(server)).toHaveLength(2)
  })
})
