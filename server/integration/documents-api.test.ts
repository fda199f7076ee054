/**
 * The document API (/api/v1, issue 19 points 6 and 10) against the real
 * server over HTTP: every endpoint and refusal, formats and ETags, API keys
 * (API_KEY, API_KEYS_FILE with scopes) and room tokens in links mode, each
 * on its own document with its own permission.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_PATHS, type CreatedRoomResponse } from '../../shared/access-api.ts'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { sha256Of } from '../admission/api-credentials.ts'

const API_KEY = 'the-api-key-of-this-test-run-0123456789'
const MARKDOWN = '# Plans\n\nHello **world**, and [a link](https://example.com).\n\n- one\n- two\n'

interface Call {
  method?: string
  /** The bearer token; none when absent. */
  token?: string
  headers?: Record<string, string>
  body?: string | Uint8Array<ArrayBuffer>
  contentType?: string
}

function apiOf(server: () => TestServer) {
  return (pathname: string, { method = 'GET', token, headers = {}, body, contentType }: Call = {}) =>
    fetch(new URL(pathname, server().url), {
      method,
      headers: { ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }), ...(contentType ? { 'Content-Type': contentType } : {}), ...headers },
      ...(body === undefined ? {} : { body }),
    })
}

/** A refusal: its status and a JSON `{ error }` sentence. */
async function expectRefusal(response: Response, status: number, pattern: RegExp = /\w+ \w+/): Promise<void> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await response.json()) as { error: unknown }
  expect(body.error).toEqual(expect.stringMatching(pattern))
}

/** A Yjs update that puts one paragraph with `text` in the document. */
function paragraphUpdate(text: string): Uint8Array<ArrayBuffer> {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(DOCUMENT_FIELD).insert(0, [paragraph])
  return new Uint8Array(Y.encodeStateAsUpdate(doc))
}

describe('the document API with API_KEY', () => {
  let server: TestServer
  const api = apiOf(() => server)
  const key = { token: API_KEY }
  beforeAll(async () => {
    server = await startTestServer({ API_KEY })
  })
  afterAll(async () => {
    await server.dispose()
  })

  async function create(body?: object): Promise<{ id: string; title: string; createdAt: number | null; updatedAt: number | null; bytes: number }> {
    const response = await api('/api/v1/documents', { method: 'POST', ...key, ...(body ? { body: JSON.stringify(body), contentType: 'application/json' } : {}) })
    expect(response.status).toBe(201)
    return response.json()
  }

  it('serves its OpenAPI description to anyone', async () => {
    const response = await api('/api/v1/openapi.json')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ openapi: '3.1.0', paths: { '/api/v1/documents': expect.any(Object) } })
  })

  it('refuses a request without a key, with a key it does not know, with a malformed header, or with the key in the URL', async () => {
    const missing = await api('/api/v1/documents')
    expect(missing.headers.get('www-authenticate')).toBe('Bearer')
    await expectRefusal(missing, 401, /API key/)
    await expectRefusal(await api('/api/v1/documents', { token: `${API_KEY}x` }), 401, /not an API key/)
    await expectRefusal(await api('/api/v1/documents', { headers: { Authorization: `Basic ${API_KEY}` } }), 401, /Bearer/)
    await expectRefusal(await api(`/api/v1/documents?token=${API_KEY}`), 400, /never in the URL/)
  })

  it('answers 404 for a path it does not know and 405 with Allow for a method it does not take, both JSON, and sends no CORS headers', async () => {
    await expectRefusal(await api('/api/v1/nothing', key), 404, /openapi\.json/)
    const patch = await api('/api/v1/documents/some-doc', { method: 'PATCH', ...key, headers: { Origin: 'https://elsewhere.example' } })
    expect(patch.headers.get('allow')).toBe('GET, PUT, DELETE')
    expect(patch.headers.get('access-control-allow-origin')).toBeNull()
    await expectRefusal(patch, 405, /use GET or PUT or DELETE/)
  })

  it('creates an empty document from an empty POST, with Location, and reads it back', async () => {
    const response = await api('/api/v1/documents', { method: 'POST', ...key })
    expect(response.status).toBe(201)
    const created = (await response.json()) as { id: string }
    expect(created).toEqual({ id: expect.stringMatching(/^[\w-]{22}$/), title: '', createdAt: expect.any(Number), updatedAt: null, bytes: expect.any(Number) })
    expect(response.headers.get('location')).toBe(`/api/v1/documents/${created.id}`)
    const read = await api(response.headers.get('location')!, key)
    expect(read.status).toBe(200)
    expect(read.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await read.json()).toMatchObject({ type: 'doc' })
  })

  it('creates from JSON with an id, title and content; 409 for an id that exists; refuses a bad id, bad JSON, a bad field and a strange type', async () => {
    const created = await create({ id: 'json-created', title: 'From JSON', content: MARKDOWN, format: 'markdown' })
    expect(created).toMatchObject({ id: 'json-created' })
    expect(await (await api('/api/v1/documents/json-created?format=markdown', key)).text()).toContain('Hello **world**')
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ id: 'json-created' }) }), 409, /exists already/)
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ id: 'no/slash' }) }), 400, /id is not valid/)
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: '{ nope' }), 400, /not JSON/)
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ name: 'x' }) }), 400, /name/)
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'image/png', body: 'x' }), 415, /text\/markdown/)
  })

  it('imports a POSTed text/markdown or text/html body as a new document', async () => {
    const markdown = await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'text/markdown; charset=utf-8', body: MARKDOWN })
    expect(markdown.status).toBe(201)
    const fromMarkdown = await api(markdown.headers.get('location')!, { ...key, headers: { Accept: 'text/markdown' } })
    expect(await fromMarkdown.text()).toContain('# Plans')
    const html = await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'text/html', body: '<h2>Imported</h2><p>From <em>HTML</em></p>' })
    expect(html.status).toBe(201)
    expect(await (await api(`${html.headers.get('location')!}?format=html`, key)).text()).toMatch(/<h2[^>]*>Imported<\/h2><p[^>]*>From <em>HTML<\/em><\/p>/)
  })

  it('refuses content the schema cannot hold with 422, before anything is stored', async () => {
    await expectRefusal(
      await api('/api/v1/documents', { method: 'POST', ...key, contentType: 'application/json', body: JSON.stringify({ id: 'never-made', content: { type: 'doc', content: [{ type: 'blink' }] } }) }),
      422,
    )
    await expectRefusal(await api('/api/v1/documents/never-made', key), 404)
  })

  it('replaces with Markdown, then reads it as JSON, HTML, Markdown, text and Yjs, by ?format= and by Accept', async () => {
    const { id } = await create()
    const put = await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/markdown', body: MARKDOWN })
    expect(put.status).toBe(200)
    expect(put.headers.get('etag')).toMatch(/^"[^"]+"$/)
    expect(await put.json()).toEqual({ id, etag: put.headers.get('etag') })

    const json = await api(`/api/v1/documents/${id}?format=json`, key)
    expect(json.headers.get('etag')).toBe(put.headers.get('etag'))
    const doc = (await json.json()) as { content: Array<{ type: string; attrs?: { level?: number } }> }
    expect(doc.content.map((node) => node.type)).toEqual(['heading', 'paragraph', 'bulletList'])
    expect(doc.content[0]!.attrs?.level).toBe(1)

    const html = await api(`/api/v1/documents/${id}?format=html`, key)
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await html.text()).toMatch(/<h1[^>]*>Plans<\/h1>.*<strong>world<\/strong>.*<a [^>]*href="https:\/\/example.com"/s)

    const markdown = await api(`/api/v1/documents/${id}`, { ...key, headers: { Accept: 'text/markdown' } })
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(await markdown.text()).toMatch(/# Plans\s+Hello \*\*world\*\*, and \[a link\]\(https:\/\/example.com\)\.\s+- one\s+- two/)

    const text = await api(`/api/v1/documents/${id}`, { ...key, headers: { Accept: 'text/plain' } })
    expect(await text.text()).toMatch(/Plans\s+Hello world, and a link\.\s+one\s+two/)

    for (const yjs of [await api(`/api/v1/documents/${id}?format=yjs`, key), await api(`/api/v1/documents/${id}`, { ...key, headers: { Accept: 'application/octet-stream' } })]) {
      expect(yjs.headers.get('content-type')).toBe('application/octet-stream')
      const replica = new Y.Doc()
      Y.applyUpdate(replica, new Uint8Array(await yjs.arrayBuffer()))
      expect(replica.getXmlFragment(DOCUMENT_FIELD).toString()).toContain('Hello ')
    }
  })

  it('answers 304 to If-None-Match with the current ETag, 400 for an unknown format, 406 for an Accept it cannot serve, 404 for a document never created', async () => {
    const { id } = await create()
    const first = await api(`/api/v1/documents/${id}`, key)
    const etag = first.headers.get('etag')!
    const again = await api(`/api/v1/documents/${id}`, { ...key, headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(etag)
    await expectRefusal(await api(`/api/v1/documents/${id}?format=docx`, key), 400, /format must be one of json, html, markdown, text, yjs/)
    await expectRefusal(await api(`/api/v1/documents/${id}`, { ...key, headers: { Accept: 'image/png' } }), 406, /Accept/)
    await expectRefusal(await api('/api/v1/documents/never-created', key), 404, /never created/)
    await expectRefusal(await api(`/api/v1/documents/${'x'.repeat(65)}`, key), 400, /id is not valid/)
  })

  it('refuses a PUT whose If-Match is stale with 412 and changes nothing; a current one replaces', async () => {
    const { id } = await create()
    const first = await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/markdown', body: 'First version' })
    const firstEtag = first.headers.get('etag')!
    const second = await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/markdown', body: 'Second version', headers: { 'If-Match': firstEtag } })
    expect(second.status).toBe(200)
    const secondEtag = second.headers.get('etag')!
    expect(secondEtag).not.toBe(firstEtag)

    const stale = await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/markdown', body: 'Lost update', headers: { 'If-Match': firstEtag } })
    expect(stale.headers.get('etag')).toBe(secondEtag)
    await expectRefusal(stale, 412, /changed since that ETag/)
    const now = await api(`/api/v1/documents/${id}?format=markdown`, key)
    expect(now.headers.get('etag')).toBe(secondEtag)
    expect((await now.text()).trim()).toBe('Second version')
  })

  it('replaces with ProseMirror JSON and HTML; refuses another type (415), broken JSON (400), content the schema refuses (422) and a document never created (404)', async () => {
    const { id } = await create()
    const json = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'As JSON' }] }] }
    expect((await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'application/json', body: JSON.stringify(json) })).status).toBe(200)
    expect(await (await api(`/api/v1/documents/${id}?format=text`, key)).text()).toContain('As JSON')
    expect((await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/html', body: '<p>As <strong>HTML</strong></p>' })).status).toBe(200)
    expect(await (await api(`/api/v1/documents/${id}?format=markdown`, key)).text()).toContain('As **HTML**')

    await expectRefusal(await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'text/csv', body: 'a,b' }), 415, /text\/markdown/)
    await expectRefusal(await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, body: 'no type' }), 415)
    await expectRefusal(await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'application/json', body: '{ "type": ' }), 400, /not JSON/)
    await expectRefusal(await api(`/api/v1/documents/${id}`, { method: 'PUT', ...key, contentType: 'application/json', body: JSON.stringify({ type: 'doc', content: [{ type: 'marquee' }] }) }), 422)
    expect(await (await api(`/api/v1/documents/${id}?format=markdown`, key)).text()).toContain('As **HTML**')
    await expectRefusal(await api('/api/v1/documents/not-there', { method: 'PUT', ...key, contentType: 'text/markdown', body: 'x' }), 404)
  })

  it('applies a Yjs update POSTed to …/updates; refuses another type, an empty or broken update, and a document never created', async () => {
    const { id } = await create()
    const applied = await api(`/api/v1/documents/${id}/updates`, { method: 'POST', ...key, contentType: 'application/octet-stream', body: paragraphUpdate('From Yjs') })
    expect(applied.status).toBe(204)
    expect(await (await api(`/api/v1/documents/${id}?format=text`, key)).text()).toContain('From Yjs')
    await expectRefusal(await api(`/api/v1/documents/${id}/updates`, { method: 'POST', ...key, contentType: 'text/plain', body: 'x' }), 415, /application\/octet-stream/)
    await expectRefusal(await api(`/api/v1/documents/${id}/updates`, { method: 'POST', ...key, contentType: 'application/octet-stream', body: new Uint8Array() }), 400, /empty/)
    await expectRefusal(
      await api(`/api/v1/documents/${id}/updates`, { method: 'POST', ...key, contentType: 'application/octet-stream', body: new Uint8Array([0xff, 0xff, 0xff, 0x01]) }),
      400,
      /does not decode/,
    )
    await expectRefusal(await api('/api/v1/documents/not-there/updates', { method: 'POST', ...key, contentType: 'application/octet-stream', body: paragraphUpdate('x') }), 404)
  })

  it('duplicates a document under a new id with its content; 404 for one never created', async () => {
    const { id } = await create({ title: 'Original', content: 'Copied text', format: 'markdown' })
    const response = await api(`/api/v1/documents/${id}/duplicate`, { method: 'POST', ...key })
    expect(response.status).toBe(201)
    const copy = (await response.json()) as { id: string }
    expect(copy.id).not.toBe(id)
    expect(response.headers.get('location')).toBe(`/api/v1/documents/${copy.id}`)
    expect(await (await api(`/api/v1/documents/${copy.id}?format=text`, key)).text()).toContain('Copied text')
    await expectRefusal(await api('/api/v1/documents/not-there/duplicate', { method: 'POST', ...key }), 404)
  })

  it('deletes a document: 204, then 404 on reading it, and 204 again', async () => {
    const { id } = await create({ content: 'Doomed', format: 'markdown' })
    const first = await api(`/api/v1/documents/${id}`, { method: 'DELETE', ...key })
    expect(first.status).toBe(204)
    expect(await first.text()).toBe('')
    await expectRefusal(await api(`/api/v1/documents/${id}`, key), 404)
    expect((await api(`/api/v1/documents/${id}`, { method: 'DELETE', ...key })).status).toBe(204)
    const listed = (await (await api('/api/v1/documents?limit=1000', key)).json()) as { documents: Array<{ id: string }> }
    expect(listed.documents.map((document) => document.id)).not.toContain(id)
  })

  it('lists documents in pages by cursor, each once; refuses a bad limit or cursor', async () => {
    const ids = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']
    for (const id of ids) await create({ id, title: `Title ${id}` })
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response: Response = await api(`/api/v1/documents?limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, key)
      expect(response.status).toBe(200)
      const page = (await response.json()) as { documents: Array<{ id: string; title: string; createdAt: number; updatedAt: number | null; bytes: number }>; nextCursor: string | null }
      expect(page.documents.length).toBeLessThanOrEqual(2)
      for (const document of page.documents) expect(Object.keys(document).sort()).toEqual(['bytes', 'createdAt', 'id', 'title', 'updatedAt'])
      seen.push(...page.documents.map((document) => document.id))
      cursor = page.nextCursor
      pages += 1
    } while (cursor !== null && pages < 100)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining(ids))
    expect(pages).toBeGreaterThanOrEqual(3)
    for (const limit of ['0', '1001', 'ten', '-1', '1.5']) await expectRefusal(await api(`/api/v1/documents?limit=${limit}`, key), 400, /limit must be a whole number from 1 to 1000/)
    await expectRefusal(await api('/api/v1/documents?cursor=made-up', key), 400, /cursor/)
  })

  it('lists recent webhook deliveries for an admin key; refuses a bad limit', async () => {
    const response = await api('/api/v1/webhooks/deliveries?limit=5', key)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ deliveries: expect.any(Array) })
    await expectRefusal(await api('/api/v1/webhooks/deliveries?limit=0', key), 400)
  })
})

describe('the document API without a key', () => {
  it('in open mode refuses every call but the OpenAPI description, saying to set API_KEY; any token is just a wrong key', async () => {
    const server = await startTestServer({})
    try {
      const api = apiOf(() => server)
      expect((await api('/api/v1/openapi.json')).status).toBe(200)
      await expectRefusal(await api('/api/v1/documents'), 401, /set API_KEY/)
      await expectRefusal(await api('/api/v1/documents', { method: 'POST' }), 401, /set API_KEY/)
      await expectRefusal(await api('/api/v1/documents/some-room', { token: 'any-room-token' }), 401, /set API_KEY/)
    } finally {
      await server.dispose()
    }
  })
})

describe('the document API with a body limit', () => {
  it('refuses a body over MAX_DOCUMENT_BYTES with 413', async () => {
    const server = await startTestServer({ API_KEY, MAX_DOCUMENT_BYTES: '1024' })
    try {
      const api = apiOf(() => server)
      const created = (await (await api('/api/v1/documents', { method: 'POST', token: API_KEY })).json()) as { id: string }
      await expectRefusal(await api(`/api/v1/documents/${created.id}`, { method: 'PUT', token: API_KEY, contentType: 'text/markdown', body: 'x'.repeat(4096) }), 413, /MAX_DOCUMENT_BYTES/)
      await expectRefusal(await api('/api/v1/documents', { method: 'POST', token: API_KEY, contentType: 'text/markdown', body: 'x'.repeat(4096) }), 413)
    } finally {
      await server.dispose()
    }
  })
})

describe('the document API with API_KEYS_FILE', () => {
  const secrets = { reader: 'reader-secret-0123456789abcdef0123456789', writer: 'writer-secret-0123456789abcdef0123456789', admin: 'admin-secret-0123456789abcdef0123456789' }
  let server: TestServer
  let dir: string
  const api = apiOf(() => server)
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-api-keys-'))
    const file = path.join(dir, 'keys.json')
    await writeFile(
      file,
      JSON.stringify([
        { name: 'reader', sha256: sha256Of(secrets.reader).toString('hex'), scopes: ['read'] },
        { name: 'writer', sha256: sha256Of(secrets.writer).toString('hex'), scopes: ['read', 'write'] },
        { name: 'admin', sha256: sha256Of(secrets.admin).toString('hex'), scopes: ['admin'] },
      ]),
    )
    server = await startTestServer({ API_KEYS_FILE: file })
  })
  afterAll(async () => {
    await server.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('lets each key do what its scopes allow and refuses the rest with 403 naming the scope', async () => {
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', token: secrets.reader }), 403, /"reader" does not have the "write" scope/)
    const created = await api('/api/v1/documents', { method: 'POST', token: secrets.writer })
    expect(created.status).toBe(201)
    const location = created.headers.get('location')!
    expect((await api(location, { token: secrets.reader })).status).toBe(200)
    expect((await api('/api/v1/documents', { token: secrets.reader })).status).toBe(200)
    expect((await api(location, { method: 'PUT', token: secrets.writer, contentType: 'text/markdown', body: 'Written' })).status).toBe(200)
    await expectRefusal(await api(location, { method: 'PUT', token: secrets.reader, contentType: 'text/markdown', body: 'No' }), 403, /"write" scope/)
    await expectRefusal(await api(location, { method: 'DELETE', token: secrets.writer }), 403, /"admin" scope/)
    await expectRefusal(await api('/api/v1/webhooks/deliveries', { token: secrets.writer }), 403, /"admin" scope/)
    await expectRefusal(await api(location, { token: secrets.admin }), 403, /"read" scope/)
    expect((await api(location, { method: 'DELETE', token: secrets.admin })).status).toBe(204)
    expect((await api(location, { token: secrets.reader })).status).toBe(404)
  })
})

describe('the document API with room tokens (links mode)', () => {
  let server: TestServer
  const api = apiOf(() => server)
  beforeAll(async () => {
    server = await startTestServer({ AUTH_MODE: 'links', AUTH_SECRET: 'the-links-secret-of-this-test-run-0123456789', API_KEY })
  })
  afterAll(async () => {
    await server.dispose()
  })

  async function createRoom(): Promise<{ room: string; editToken: string; viewToken: string }> {
    const response = await api(API_PATHS.rooms, { method: 'POST' })
    expect(response.status).toBe(201)
    return (await response.json()) as CreatedRoomResponse & { editToken: string; viewToken: string }
  }

  it('an edit token reads and writes its own document, and nothing else', async () => {
    const mine = await createRoom()
    const other = await createRoom()
    const own = `/api/v1/documents/${mine.room}`
    const put = await api(own, { method: 'PUT', token: mine.editToken, contentType: 'text/markdown', body: 'By the edit token' })
    expect(put.status).toBe(200)
    expect(await (await api(`${own}?format=text`, { token: mine.editToken })).text()).toContain('By the edit token')
    expect((await api(`${own}/updates`, { method: 'POST', token: mine.editToken, contentType: 'application/octet-stream', body: paragraphUpdate('More') })).status).toBe(204)

    await expectRefusal(await api(`/api/v1/documents/${other.room}`, { token: mine.editToken }), 403)
    await expectRefusal(await api(`/api/v1/documents/${other.room}`, { method: 'PUT', token: mine.editToken, contentType: 'text/markdown', body: 'Intruder' }), 403)
    expect(await (await api(`/api/v1/documents/${other.room}?format=text`, { token: other.viewToken })).text()).not.toContain('Intruder')
    await expectRefusal(await api('/api/v1/documents', { token: mine.editToken }), 401, /not an API key/)
    await expectRefusal(await api('/api/v1/documents', { method: 'POST', token: mine.editToken }), 401)
    await expectRefusal(await api(own, { method: 'DELETE', token: mine.editToken }), 401)
    await expectRefusal(await api(`${own}/duplicate`, { method: 'POST', token: mine.editToken }), 401)
    expect((await api(own, { token: API_KEY })).status).toBe(200)
  })

  it('a view token reads its own document but cannot PUT or POST an update', async () => {
    const mine = await createRoom()
    const own = `/api/v1/documents/${mine.room}`
    expect((await api(own, { method: 'PUT', token: mine.editToken, contentType: 'text/markdown', body: 'Kept' })).status).toBe(200)
    expect((await api(own, { token: mine.viewToken })).status).toBe(200)
    await expectRefusal(await api(own, { method: 'PUT', token: mine.viewToken, contentType: 'text/markdown', body: 'Changed' }), 403, /view the document only/)
    await expectRefusal(await api(`${own}/updates`, { method: 'POST', token: mine.viewToken, contentType: 'application/octet-stream', body: paragraphUpdate('x') }), 403)
    expect((await (await api(`${own}?format=text`, { token: mine.viewToken })).text()).trim()).toBe('Kept')
  })

  it('refuses a token that is neither a key nor a token of the document', async () => {
    const mine = await createRoom()
    await expectRefusal(await api(`/api/v1/documents/${mine.room}`, { token: 'not-a-token' }), 401, /Not an API key, nor a token of this document/)
  })
})
