/**
 * Images uploaded into a room (issue 10, point 3): stored by the server's
 * store, served only to whoever may read the room, refused with clear statuses
 * when too large (reading stops at the limit), of the wrong type (by their
 * bytes), or sent without edit permission.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { API_PATHS, type CreatedRoomResponse } from '../../shared/access-api.ts'
import { UPLOAD_PATHS, type UploadQuotaResponse, type UploadRateLimitedResponse, type UploadResponse, type UploadTooLargeResponse } from '../../shared/upload-api.ts'
import type { TestServer } from '../../test-support/in-process-server.ts'
import { createPng } from '../../test-support/png.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

const SECRET = 'the-shared-secret-of-this-test-run-0123456789'
const PNG = createPng({ width: 8, height: 8 })
const GIF = Buffer.concat([Buffer.from('GIF89a', 'ascii'), Buffer.alloc(20)])

interface UploadOptions {
  type?: string
  token?: string
  headers?: Record<string, string>
}

async function upload(server: TestServer, room: string, body: Buffer, { type = 'image/png', token, headers = {} }: UploadOptions = {}) {
  const response = await fetch(new URL(UPLOAD_PATHS.uploads(room), server.url), {
    method: 'POST',
    headers: { 'Content-Type': type, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: new Uint8Array(body),
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as UploadResponse & UploadTooLargeResponse & UploadQuotaResponse & UploadRateLimitedResponse }
}

function download(server: TestServer, url: string, token?: string) {
  return fetch(new URL(url, server.url), { headers: token ? { Authorization: `Bearer ${token}` } : {} })
}

async function createLinkRoom(server: TestServer) {
  const response = await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })
  return (await response.json()) as CreatedRoomResponse & { editToken: string; viewToken: string }
}

describe('image uploads', () => {
  const seed = useServerPerTest()

  it('stores an upload and serves the same bytes, as an image that runs nothing and caches privately; the same image twice is one upload', async () => {
    const server = await seed.start()
    const first = await upload(server, 'pictures', PNG)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({ contentType: 'image/png', bytes: PNG.length, url: UPLOAD_PATHS.upload('pictures', first.body.id) })
    expect(first.body.id).toMatch(/^[0-9a-f]{64}$/)
    expect(first.headers.get('location')).toBe(first.body.url)

    const served = await download(server, first.body.url)
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true)
    expect(Object.fromEntries(['content-type', 'x-content-type-options', 'content-disposition', 'cache-control'].map((name) => [name, served.headers.get(name)]))).toEqual({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      'cache-control': 'private, max-age=31536000, immutable',
    })
    expect(served.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
    // A browser revalidating what it has is told it is unchanged (the id is the content's hash).
    const revalidated = await fetch(new URL(first.body.url, server.url), { headers: { 'If-None-Match': served.headers.get('etag')! } })
    expect(revalidated.status).toBe(304)

    const again = await upload(server, 'pictures', PNG)
    expect(again.body.id).toBe(first.body.id)
    const gif = await upload(server, 'pictures', GIF, { type: 'image/gif' })
    expect(gif.status).toBe(201)
    expect((await download(server, gif.body.url)).headers.get('content-type')).toBe('image/gif')

    // Unknown and malformed ids, and another room's address for the same id, are 404.
    expect((await download(server, UPLOAD_PATHS.upload('pictures', 'f'.repeat(64)))).status).toBe(404)
    expect((await download(server, UPLOAD_PATHS.upload('pictures', 'not-an-id'))).status).toBe(404)
    expect((await download(server, UPLOAD_PATHS.upload('elsewhere', first.body.id))).status).toBe(404)
  })

  it('refuses a file over MAX_UPLOAD_BYTES with 413, by its declared length before reading, or while streaming as soon as it passes the limit', async () => {
    const server = await seed.start({ MAX_UPLOAD_BYTES: '4096' })
    const large = createPng({ width: 64, height: 64, noise: true })
    expect(large.length).toBeGreaterThan(4096)
    const refused = await upload(server, 'limits', large)
    expect(refused.status).toBe(413)
    expect(refused.body.error).toMatch(/larger than this server accepts \(4 KiB, MAX_UPLOAD_BYTES\)/)
    expect(refused.body).toMatchObject({ maxUploadBytes: 4096 })
    expect((await upload(server, 'limits', createPng({ width: 4, height: 4 }))).status).toBe(201)

    // No Content-Length: the server counts, and answers while the client is still sending.
    const streamed = await streamUntilAnswered(server, UPLOAD_PATHS.uploads('limits'), 64 * 1024 * 1024)
    expect(streamed.status).toBe(413)
    expect(streamed.sentBeforeAnswer).toBeLessThan(64 * 1024 * 1024)
  })

  it('refuses with 415 what is not a PNG, JPEG, GIF or WebP image, whatever its Content-Type says (SVG included)', async () => {
    const server = await seed.start()
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const html = Buffer.from('<!doctype html><script>alert(1)</script>')
    const cases = [
      { body: svg, type: 'image/svg+xml' },
      { body: html, type: 'text/html' },
      { body: PNG, type: 'application/octet-stream' },
      { body: html, type: 'image/png' },
      { body: svg, type: 'image/jpeg' },
      { body: GIF, type: 'image/png' },
    ]
    for (const { body, type } of cases) {
      const refused = await upload(server, 'types', body, { type })
      expect(refused.status, `${type} with ${body.subarray(0, 6).toString()}`).toBe(415)
      expect(refused.body.error).toMatch(/image/)
    }
  })

  it('links mode: an edit link uploads; a view link reads but cannot upload; another room’s link and no link read nothing', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const room = await createLinkRoom(server)
    const other = await createLinkRoom(server)

    const uploaded = await upload(server, room.room, PNG, { token: room.editToken })
    expect(uploaded.status).toBe(201)
    const byViewer = await upload(server, room.room, PNG, { token: room.viewToken })
    expect(byViewer.status).toBe(403)
    expect(byViewer.body.error).toMatch(/only lets you read/)
    const anonymousUpload = await upload(server, room.room, PNG)
    expect(anonymousUpload.status).toBe(401)
    // A refused upload's body is not read to be thrown away: the connection ends with the answer.
    expect(anonymousUpload.headers.get('connection')).toBe('close')
    expect(uploaded.headers.get('connection')).not.toBe('close')
    expect((await upload(server, room.room, PNG, { token: other.editToken })).status).toBe(403)

    const read = await download(server, uploaded.body.url, room.viewToken)
    expect(read.status).toBe(200)
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true)
    const anonymous = await download(server, uploaded.body.url)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
    expect((await download(server, uploaded.body.url, other.viewToken)).status).toBe(403)
    // A token in the address is refused outright (it would end up in logs).
    expect((await download(server, `${uploaded.body.url}?token=${room.viewToken}`)).status).toBe(400)
  })

  it('refuses a bad room id, another site’s page, and other methods', async () => {
    const server = await seed.start()
    expect((await upload(server, 'bad room!', PNG)).status).toBe(400)
    expect((await download(server, UPLOAD_PATHS.upload('bad room!', 'a'.repeat(64)))).status).toBe(400)
    const crossSite = await upload(server, 'pictures', PNG, { headers: { Origin: 'https://evil.example' } })
    expect(crossSite.status).toBe(403)
    expect((await fetch(new URL(UPLOAD_PATHS.uploads('pictures'), server.url))).status).toBe(405)
    expect((await fetch(new URL(UPLOAD_PATHS.upload('pictures', 'a'.repeat(64)), server.url), { method: 'POST' })).status).toBe(405)
  })
})

/** Streams a body without Content-Length in 64 KiB chunks until the server answers; how much was sent by then. */
function streamUntilAnswered(server: TestServer, path: string, maxBytes: number): Promise<{ status: number; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0
    let answered = false
    const chunk = Buffer.concat([createPng({ width: 4, height: 4 }), Buffer.alloc(64 * 1024)])
    const request = httpRequest(new URL(path, server.url), { method: 'POST', headers: { 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' } })
    request.on('response', (response) => {
      answered = true
      resolve({ status: response.statusCode ?? 0, sentBeforeAnswer: sent })
      response.resume()
      request.destroy()
    })
    request.on('error', (error) => {
      if (!answered) reject(error)
    })
    const write = (): void => {
      while (!answered && sent < maxBytes) {
        sent += chunk.length
        if (!request.write(chunk)) {
          request.once('drain', write)
          return
        }
      }
      if (!answered) request.end()
    }
    write()
  })
}

describe('upload quotas', () => {
  const seed = useServerPerTest()
  // Noise does not compress: three images of known, different sizes (different ids).
  const SMALL = createPng({ width: 16, height: 16, noise: true })
  const MEDIUM = createPng({ width: 24, height: 24, noise: true })
  const LARGE = createPng({ width: 32, height: 32, noise: true })

  it('refuses uploads past UPLOADS_PER_MINUTE_PER_IP from one address with 429, Retry-After and a sentence; other addresses still upload', async () => {
    const server = await seed.start({ UPLOADS_PER_MINUTE_PER_IP: '2', TRUST_PROXY: '1' })
    const from = (address: string) => ({ headers: { 'X-Forwarded-For': address } })
    expect((await upload(server, 'pictures', SMALL, from('203.0.113.1'))).status).toBe(201)
    expect((await upload(server, 'pictures', MEDIUM, from('203.0.113.1'))).status).toBe(201)
    const refused = await upload(server, 'other-room', LARGE, from('203.0.113.1'))
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(30)
    expect(refused.body).toMatchObject({ error: expect.stringMatching(/^Too many uploads from your address \(at most 2 a minute, UPLOADS_PER_MINUTE_PER_IP\); add the image again in \d+ s$/), retryAfterSeconds: retryAfter })
    expect((await upload(server, 'pictures', LARGE, from('203.0.113.2'))).status).toBe(201)
  })

  it('refuses an upload past MAX_UPLOAD_BYTES_PER_ROOM with 413 and a sentence, counting an image the room holds once, each room apart, after a restart too', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-quota-'))
    const env = { DATA_DIR: dataDir, MAX_UPLOAD_BYTES_PER_ROOM: String(SMALL.length + MEDIUM.length + 100) }
    try {
      const first = await seed.start(env)
      expect((await upload(first, 'album', MEDIUM)).status).toBe(201)
      expect((await upload(first, 'album', SMALL)).status).toBe(201)
      // The same image again takes no more room, even with the room full.
      expect((await upload(first, 'album', MEDIUM)).status).toBe(201)
      const over = await upload(first, 'album', LARGE)
      expect(over.status).toBe(413)
      expect(over.body).toMatchObject({
        error: expect.stringMatching(/already take .* of the .* they may take together \(MAX_UPLOAD_BYTES_PER_ROOM\).*https: address/),
        maxUploadBytesPerRoom: SMALL.length + MEDIUM.length + 100,
      })
      expect((await upload(first, 'another-album', MEDIUM)).status).toBe(201)
      await first.close()

      const restarted = await seed.start(env)
      expect((await upload(restarted, 'album', LARGE)).status).toBe(413)
      expect((await upload(restarted, 'album', SMALL)).status).toBe(201)
      await restarted.close()
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
