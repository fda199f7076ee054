/**
 * Version history (issue 21 points 1, 4, 5 and 7) against the real server
 * over HTTP and real sockets: versions recorded after quiet and on demand and
 * not when nothing changed, the version routes with their formats and
 * refusals, who may call them (API keys, room tokens in links mode, the room
 * itself in open mode), restore seen by connected stock clients and undone,
 * and versions deleted with their document.
 */
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { API_PATHS, type CreatedRoomResponse } from '../../shared/access-api.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { connectClient, type NodeClient } from '../../test-support/node-client.ts'
import { documentBecomes, documentText } from '../../test-support/document-client.ts'
import type { VersionView } from '../documents/version-view.ts'

const API_KEY = 'the-api-key-of-the-version-tests-0123456789'
/** Short enough for a test to wait for, long enough that one edit's records make one version. */
const VERSION_ENV = { VERSION_AFTER_IDLE_MS: '150', VERSION_MAX_INTERVAL_MS: '5000' }

interface Call {
  method?: string
  /** The bearer token; none when absent. */
  token?: string
  body?: string
  contentType?: string
}

function apiOf(server: () => TestServer) {
  return (pathname: string, { method = 'GET', token, body, contentType }: Call = {}) =>
    fetch(new URL(pathname, server().url), {
      method,
      headers: { ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }), ...(contentType ? { 'Content-Type': contentType } : {}) },
      ...(body === undefined ? {} : { body }),
    })
}

async function expectRefusal(response: Response, status: number, pattern: RegExp = /\w+ \w+/): Promise<void> {
  expect(response.status).toBe(status)
  expect(((await response.json()) as { error: string }).error).toMatch(pattern)
}

/** Polls an async condition (an HTTP listing) until it holds. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, description: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (holds(value)) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${description}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const named = (name: string) => ({ method: 'POST', body: JSON.stringify({ name }), contentType: 'application/json' })

describe('version history with an API key', () => {
  let server: TestServer
  const api = apiOf(() => server)
  const key = { token: API_KEY }
  const clients: NodeClient[] = []

  beforeAll(async () => {
    server = await startTestServer({ API_KEY, ...VERSION_ENV })
  })
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy()
  })
  afterAll(async () => {
    await server.dispose()
  })

  async function createDocument(id: string, markdown: string): Promise<void> {
    const response = await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ id, content: markdown, format: 'markdown' }) })
    expect(response.status).toBe(201)
  }

  async function replace(id: string, markdown: string): Promise<void> {
    expect((await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/markdown', body: markdown })).status).toBe(200)
  }

  async function versionsOf(id: string): Promise<VersionView[]> {
    const response = await api(`/api/v1/documents/${id}/versions`, key)
    expect(response.status).toBe(200)
    return ((await response.json()) as { versions: VersionView[] }).versions
  }

  const versionCount = (id: string, count: number) => eventually(() => versionsOf(id), (versions) => versions.length === count, `${count} version(s) of "${id}"`)

  async function member(room: string): Promise<NodeClient> {
    const client = connectClient(server.wsUrl, room)
    clients.push(client)
    await client.synced()
    return client
  }

  it('records a version once the document was left alone, with who wrote and how many words changed', async () => {
    await createDocument('quiet', 'One two three')
    const [first] = await versionCount('quiet', 1)
    expect(first).toEqual({
      id: expect.stringMatching(/^\d+$/),
      createdAt: expect.any(Number),
      name: null,
      authors: [{ name: 'default', subject: 'api-key:default' }],
      auto: true,
      wordsAdded: 3,
      wordsRemoved: 0,
    })
    await replace('quiet', 'One three four five')
    const [second, older] = await versionCount('quiet', 2)
    expect(older).toEqual(first)
    expect(second).toMatchObject({ auto: true, wordsAdded: 2, wordsRemoved: 1 })
    expect(Number(second!.id)).toBeGreaterThan(Number(first!.id))
  })

  it('saves a version on demand (201); with nothing changed since, the latest version takes the name (200) and none is added', async () => {
    await createDocument('on-demand', 'Draft')
    const saved = await api('/api/v1/documents/on-demand/versions', { ...key, ...named('First draft') })
    expect(saved.status).toBe(201)
    const version = (await saved.json()) as VersionView
    expect(version).toMatchObject({ name: 'First draft', auto: false, wordsAdded: 1 })
    expect(saved.headers.get('location')).toBe(`/api/v1/documents/on-demand/versions/${version.id}`)

    const again = await api('/api/v1/documents/on-demand/versions', { ...key, ...named('Sent to Ana') })
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ id: version.id, name: 'Sent to Ana' })
    // The creation's change is in the named version: still one.
    expect(await versionsOf('on-demand')).toEqual([{ ...version, name: 'Sent to Ana' }])
  })

  it('reads a version as JSON, HTML, Markdown, text and Yjs, as it was then', async () => {
    await createDocument('formats', '# Plans\n\nHello **world**')
    const [version] = await versionCount('formats', 1)
    await replace('formats', 'Something else')
    const path = `/api/v1/documents/formats/versions/${version!.id}`

    expect(await (await api(path, key)).json()).toMatchObject({ type: 'doc', content: [{ type: 'heading' }, { type: 'paragraph' }] })
    const html = await api(`${path}?format=html`, key)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await html.text()).toContain('<strong>world</strong>')
    expect(await (await api(`${path}?format=markdown`, key)).text()).toContain('Hello **world**')
    expect((await (await api(`${path}?format=text`, key)).text()).trim()).toBe('Plans\n\nHello world')
    const yjs = await api(`${path}?format=yjs`, key)
    expect(yjs.headers.get('content-type')).toBe('application/octet-stream')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, new Uint8Array(await yjs.arrayBuffer()))
    expect(doc.getXmlFragment('default').length).toBe(2)
  })

  it('answers 404 for a version that does not exist or a document never created, 400 for an unknown format, 415 and 400 for a bad name', async () => {
    await createDocument('errors', 'Text')
    const [version] = await versionCount('errors', 1)
    await expectRefusal(await api('/api/v1/documents/errors/versions/999999', key), 404, /No version "999999"/)
    await expectRefusal(await api('/api/v1/documents/errors/versions/latest', key), 404, /No version/)
    await expectRefusal(await api('/api/v1/documents/errors/versions/999999/restore', { method: 'POST', ...key }), 404, /No version/)
    await expectRefusal(await api('/api/v1/documents/never-created/versions', key), 404, /No document/)
    await expectRefusal(await api('/api/v1/documents/never-created/versions', { ...key, ...named('x') }), 404, /No document/)
    await expectRefusal(await api(`/api/v1/documents/errors/versions/${version!.id}?format=pdf`, key), 400, /format must be one of/)
    await expectRefusal(await api('/api/v1/documents/errors/versions', { method: 'POST', ...key, body: 'name=x', contentType: 'text/plain' }), 415)
    await expectRefusal(await api('/api/v1/documents/errors/versions', { ...key, ...named('  ') }), 400, /"name"/)
  })

  it('restores a version for everyone connected, after recording "Before restore"; restoring that undoes it', async () => {
    await createDocument('restored', 'The original text')
    const [original] = await versionCount('restored', 1)
    await replace('restored', 'A rewrite')
    await versionCount('restored', 2)
    const [ana, ben] = [await member('restored'), await member('restored')]
    expect(documentText(ana.doc)).toBe('A rewrite')

    const seen = Promise.all([ana, ben].map((client) => documentBecomes(client, (doc) => documentText(doc) === 'The original text', 'the restored text')))
    const restore = await api(`/api/v1/documents/restored/versions/${original!.id}/restore`, { method: 'POST', ...key })
    expect(restore.status).toBe(200)
    const { restored, before } = (await restore.json()) as { restored: VersionView; before: VersionView }
    expect(restored).toEqual(original)
    // Nothing changed since the second version: it is the state before the restore, and takes the name.
    expect(before).toMatchObject({ name: 'Before restore', auto: true })
    await seen

    const back = Promise.all([ana, ben].map((client) => documentBecomes(client, (doc) => documentText(doc) === 'A rewrite', 'the text before the restore')))
    expect((await api(`/api/v1/documents/restored/versions/${before.id}/restore`, { method: 'POST', ...key })).status).toBe(200)
    await back
  })

  it('deletes a document’s versions with it: created again, the id has none', async () => {
    await createDocument('deleted', 'Soon gone')
    await versionCount('deleted', 1)
    expect((await api('/api/v1/documents/deleted', { method: 'DELETE', ...key })).status).toBe(204)
    await expectRefusal(await api('/api/v1/documents/deleted/versions', key), 404, /No document/)
    expect((await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ id: 'deleted' }) })).status).toBe(201)
    expect(await versionsOf('deleted')).toEqual([])
  })
})

describe('version history with room tokens (links mode)', () => {
  let server: TestServer
  const api = apiOf(() => server)
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'links', AUTH_SECRET: 'the-links-secret-of-the-version-tests-0123456789', ...VERSION_ENV })
  })
  afterAll(async () => {
    await server.dispose()
  })

  it('lets a view token list and read versions but not save or restore (403), an edit token do all, and nobody without a token (401)', async () => {
    const created = await api(API_PATHS.rooms, { method: 'POST' })
    const { room, editToken, viewToken } = (await created.json()) as CreatedRoomResponse & { editToken: string; viewToken: string }
    const versions = `/api/v1/documents/${room}/versions`
    expect((await api(`/api/v1/documents/${room}`, { method: 'PUT', token: editToken, contentType: 'text/markdown', body: 'Shared' })).status).toBe(200)
    const saved = await api(versions, { token: editToken, ...named('Mine') })
    expect(saved.status).toBe(201)
    const { id } = (await saved.json()) as VersionView

    expect((await api(versions, { token: viewToken })).status).toBe(200)
    expect((await api(`${versions}/${id}?format=text`, { token: viewToken })).status).toBe(200)
    await expectRefusal(await api(versions, { token: viewToken, ...named('Theirs') }), 403, /view the document only/)
    await expectRefusal(await api(`${versions}/${id}/restore`, { method: 'POST', token: viewToken }), 403, /view the document only/)
    expect((await api(`${versions}/${id}/restore`, { method: 'POST', token: editToken })).status).toBe(200)

    await expectRefusal(await api(versions), 401)
    await expectRefusal(await api(`${versions}/${id}/restore`, { method: 'POST' }), 401)
  })
})

describe('version history in open mode', () => {
  it('lets the app call the version routes of a room without credentials, as anyone may open the room there', async () => {
    const server = await startTestServer(VERSION_ENV)
    try {
      const api = apiOf(() => server)
      const created = await api(API_PATHS.rooms, { method: 'POST' })
      const { room } = (await created.json()) as CreatedRoomResponse
      const saved = await api(`/api/v1/documents/${room}/versions`, named('Empty'))
      expect(saved.status).toBe(201)
      expect((await api(`/api/v1/documents/${room}/versions`)).status).toBe(200)
      // Only the version routes: the rest of the API still needs a key.
      await expectRefusal(await api(`/api/v1/documents/${room}`), 401, /set API_KEY/)
    } finally {
      await server.dispose()
    }
  })
})
