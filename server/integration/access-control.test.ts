/**
 * Access control over real sockets (issue 8): in links mode and in jwt mode
 * with an HS256 secret, an EdDSA public key (PEM) and an ES256 key set
 * (JWKS), every bad token is refused before the upgrade and by the access
 * API with the right status and a reason; a view token changes nothing; an
 * edit token works; a token that expires mid-session ends it with the auth
 * message and 4401. Then the Origin check, tokens in the wrong place, the
 * API per mode, security headers and /metrics.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as decoding from 'lib0/decoding'
import { SignJWT, UnsecuredJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_PATHS, type AccessResponse, type ApiError, type CreatedRoomResponse } from '../../shared/access-api.ts'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { isValidRoomId } from '../../shared/room-id.ts'
import { ConfigError } from '../errors.ts'
import { decodeMessage } from '../protocol/decode-message.ts'
import { encodeAwarenessUpdate, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { startTestServer, type TestServer } from '../../test-support/in-process-server.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { upgradeStatus } from '../../test-support/raw-socket.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import * as awarenessProtocol from 'y-protocols/awareness'

const SECRET = 'the-shared-secret-of-this-test-run-0123456789'
const OTHER_SECRET = 'another-secret-nobody-configured-0123456789'

interface Claims extends JWTPayload {
  room?: string
  perm?: string
  name?: string
}

/** One way of running Seed with tokens: its env, and how a token it accepts (or one signed with another key) is made. */
interface TokenMode {
  readonly name: string
  env(): Record<string, string>
  /** Signed with the server's key; `exp` (seconds) defaults to an hour from now where the mode requires one. */
  sign(claims: Claims): Promise<string>
  /** Signed with a key the server does not know, by the same algorithm. */
  forge(claims: Claims): Promise<string>
  readonly prefixRooms: boolean
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600
const hs256 = (secret: string, claims: Claims) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))

let keyDir: string
let edKeys: { privateKey: CryptoKey; publicKey: CryptoKey }
let edStranger: { privateKey: CryptoKey }
let esKeys: { privateKey: CryptoKey; publicKey: CryptoKey }
let esStranger: { privateKey: CryptoKey }

beforeAll(async () => {
  keyDir = await mkdtemp(path.join(tmpdir(), 'seed-keys-'))
  ;[edKeys, edStranger, esKeys, esStranger] = await Promise.all([
    generateKeyPair('EdDSA', { extractable: true }),
    generateKeyPair('EdDSA'),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('ES256'),
  ])
  await writeFile(path.join(keyDir, 'ed25519.pem'), await exportSPKI(edKeys.publicKey))
  await writeFile(path.join(keyDir, 'keys.json'), JSON.stringify({ keys: [{ ...(await exportJWK(esKeys.publicKey)), alg: 'ES256', kid: 'seed-test' }] }))
})
afterAll(async () => {
  await rm(keyDir, { recursive: true, force: true })
})

const asymmetric = (alg: 'EdDSA' | 'ES256', key: () => CryptoKey, claims: Claims, kid?: string) =>
  new SignJWT({ exp: inAnHour(), ...claims }).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key())

const MODES: TokenMode[] = [
  {
    name: 'links',
    env: () => ({ AUTH_MODE: 'links', AUTH_SECRET: SECRET }),
    sign: (claims) => hs256(SECRET, claims),
    forge: (claims) => hs256(OTHER_SECRET, claims),
    prefixRooms: false,
  },
  {
    name: 'jwt, HS256 secret',
    env: () => ({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET }),
    sign: (claims) => hs256(SECRET, { exp: inAnHour(), ...claims }),
    forge: (claims) => hs256(OTHER_SECRET, { exp: inAnHour(), ...claims }),
    prefixRooms: true,
  },
  {
    name: 'jwt, EdDSA public key file',
    env: () => ({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: path.join(keyDir, 'ed25519.pem') }),
    sign: (claims) => asymmetric('EdDSA', () => edKeys.privateKey, claims),
    forge: (claims) => asymmetric('EdDSA', () => edStranger.privateKey, claims),
    prefixRooms: true,
  },
  {
    name: 'jwt, ES256 key set file',
    env: () => ({ AUTH_MODE: 'jwt', AUTH_JWKS_FILE: path.join(keyDir, 'keys.json') }),
    sign: (claims) => asymmetric('ES256', () => esKeys.privateKey, claims, 'seed-test'),
    forge: (claims) => asymmetric('ES256', () => esStranger.privateKey, claims, 'seed-test'),
    prefixRooms: true,
  },
]

/** GET /api/rooms/<room>/access with the token as a bearer (none when null). */
async function accessApi(server: TestServer, room: string, token: string | null, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(API_PATHS.access(room), server.url), { headers: { ...headers, ...(token === null ? {} : { Authorization: `Bearer ${token}` }) } })
  expect(response.headers.get('cache-control')).toBe('no-store')
  return { status: response.status, authenticate: response.headers.get('www-authenticate'), body: (await response.json()) as AccessResponse & ApiError }
}

const socketPath = (room: string, token: string | null) => `/ws/${room}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`

/** Refused before the upgrade and by the access API, with the same status and a reason matching `why`. */
async function expectRefused(server: TestServer, room: string, token: string | null, status: 401 | 403, why: RegExp): Promise<void> {
  const upgrade = await upgradeStatus(server.url, socketPath(room, token))
  expect(upgrade.status).toBe(status)
  expect(upgrade.body).toMatch(why)
  const api = await accessApi(server, room, token)
  expect(api.status).toBe(status)
  expect(api.authenticate).toBe(status === 401 ? 'Bearer' : null)
  expect(api.body.error).toMatch(why)
}

/** A bare WebSocket that records every frame from the first one on. */
async function openRecorder(server: TestServer, room: string, token: string | null) {
  const socket = new WebSocket(`${server.wsUrl}/${room}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`)
  const frames: Uint8Array[] = []
  socket.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
  socket.on('error', () => undefined)
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)))
  })
  const kinds = () => frames.map((frame) => decodeMessage(frame).kind)
  return { socket, frames, closed, kinds }
}

/** The full state of a stored room as a fresh client with `token` receives it, once its text is `text`. */
async function roomState(seed: ReturnType<typeof useServerPerTest>, room: string, token: string, text: string): Promise<Uint8Array> {
  const reader = seed.client(room, { params: { token } })
  await reader.synced()
  await waitFor(() => reader.text.toString() === text, `the room reads "${text}"`)
  const state = Y.encodeStateAsUpdate(reader.doc)
  reader.destroy()
  return state
}

async function metricValue(server: TestServer, series: string): Promise<number> {
  const text = await (await fetch(`${server.url}metrics`)).text()
  return Number(new RegExp(`^${series} (\\d+)`, 'm').exec(text)?.[1] ?? NaN)
}

describe.each(MODES)('access control, $name', (mode) => {
  const seed = useServerPerTest()
  const start = () => seed.start(mode.env())

  it('refuses a missing token with 401 and says where a token comes from', async () => {
    const server = await start()
    await expectRefused(server, 'notes', null, 401, /token/)
  })

  it('refuses a malformed token with 401', async () => {
    const server = await start()
    await expectRefused(server, 'notes', 'not-a-jwt', 401, /not a valid signed JWT/)
    await expectRefused(server, 'notes', 'only.two-parts', 401, /not a valid signed JWT/)
  })

  it('refuses a token signed with another key with 401', async () => {
    const server = await start()
    await expectRefused(server, 'notes', await mode.forge({ room: 'notes', perm: 'edit' }), 401, /signature does not match|No key/)
  })

  it('refuses an unsigned token (alg: none) with 401', async () => {
    const server = await start()
    const unsigned = new UnsecuredJWT({ room: 'notes', perm: 'edit' }).setExpirationTime('1h').encode()
    await expectRefused(server, 'notes', unsigned, 401, /not signed with an algorithm this server accepts/)
  })

  it('refuses an expired token with 401', async () => {
    const server = await start()
    const expired = await mode.sign({ room: 'notes', perm: 'edit', exp: Math.floor(Date.now() / 1000) - 60 })
    await expectRefused(server, 'notes', expired, 401, /expired/)
  })

  it('refuses a token for another room with 403', async () => {
    const server = await start()
    await expectRefused(server, 'notes', await mode.sign({ room: 'other-notes', perm: 'edit' }), 403, /another document/)
  })

  it(`treats a room claim ending in * as ${mode.prefixRooms ? 'a prefix: rooms outside it are refused with 403' : 'an exact room id: it opens no other room'}`, async () => {
    const server = await start()
    const teamToken = await mode.sign({ room: 'team-*', perm: 'view' })
    await expectRefused(server, 'elsewhere', teamToken, 403, /another document/)
    if (mode.prefixRooms) {
      expect((await upgradeStatus(server.url, socketPath('team-a', teamToken))).status).toBe(101)
      expect(await accessApi(server, 'team-a', teamToken)).toMatchObject({ status: 200, body: { permission: 'view' } })
    } else {
      await expectRefused(server, 'team-a', teamToken, 403, /another document/)
    }
  })

  it('drops the updates and sync step 2 of a view token: nothing stored, nothing relayed, the reader still reads and is seen', async () => {
    const server = await start()
    const editToken = await mode.sign({ room: 'notes', perm: 'edit' })
    const viewToken = await mode.sign({ room: 'notes', perm: 'view', name: 'Reader' })
    const writer = seed.client('notes', { params: { token: editToken } })
    await writer.synced()
    writer.text.insert(0, 'written by the editor')
    const before = await roomState(seed, 'notes', editToken, 'written by the editor')

    const observer = await openRecorder(server, 'notes', editToken)
    const viewer = await openRecorder(server, 'notes', viewToken)
    await waitFor(() => viewer.kinds().includes('sync-step-1'), 'the viewer was greeted')
    const observerSeenBefore = observer.frames.length

    const forged = new Y.Doc()
    forged.getText('text').insert(0, 'the reader tries to write')
    const forgedUpdate = Y.encodeStateAsUpdate(forged)
    const presence = new awarenessProtocol.Awareness(new Y.Doc())
    presence.setLocalState({ user: { name: 'Reader', color: '#336699' } })
    viewer.socket.send(encodeSyncUpdate(forgedUpdate))
    viewer.socket.send(encodeSyncStep2(forgedUpdate))
    viewer.socket.send(encodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(presence, [presence.clientID])))
    // Answered only after everything sent before it was handled.
    viewer.socket.send(encodeSyncStep1(new Y.Doc()))
    await waitFor(() => viewer.kinds().includes('sync-step-2'), 'the reader is answered')
    presence.destroy()

    const reply = viewer.frames.map((frame) => decodeMessage(frame)).find((message) => message.kind === 'sync-step-2')!
    const readerDoc = new Y.Doc()
    Y.applyUpdate(readerDoc, (reply as { update: Uint8Array }).update)
    expect(readerDoc.getText('text').toString()).toBe('written by the editor')

    await waitFor(() => observer.kinds().slice(observerSeenBefore).includes('awareness'), 'the reader\'s presence reaches the others')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(observer.kinds().slice(observerSeenBefore).filter((kind) => kind !== 'awareness')).toEqual([])
    expect(writer.text.toString()).toBe('written by the editor')
    expect(viewer.socket.readyState).toBe(WebSocket.OPEN)
    expect(await metricValue(server, 'seed_view_only_updates_dropped_total')).toBe(2)
    expect(await roomState(seed, 'notes', editToken, 'written by the editor')).toEqual(before)
    viewer.socket.close()
    observer.socket.close()
  })

  it('lets an edit token edit, and answers what each token allows', async () => {
    const server = await start()
    const editToken = await mode.sign({ room: 'shared', perm: 'edit', name: 'Ada' })
    const a = seed.client('shared', { params: { token: editToken } })
    const b = seed.client('shared', { params: { token: editToken } })
    await Promise.all([a.synced(), b.synced()])
    a.text.insert(0, 'hello from a')
    await waitFor(() => b.text.toString() === 'hello from a', 'b sees a\'s edit')
    const api = await accessApi(server, 'shared', editToken)
    expect(api).toMatchObject({ status: 200, body: { permission: 'edit', name: 'Ada' } })
    if (mode.name !== 'links') expect(api.body.expiresAt).toBeGreaterThan(Date.now())
    expect(await accessApi(server, 'shared', await mode.sign({ room: 'shared', perm: 'view' }))).toMatchObject({ status: 200, body: { permission: 'view' } })
  })

  it('ends a session whose token expires: auth message (permission denied, with a reason), then close 4401', async () => {
    const server = await start()
    const expiresAt = Math.floor(Date.now() / 1000) + 2
    const recorder = await openRecorder(server, 'brief', await mode.sign({ room: 'brief', perm: 'edit', exp: expiresAt }))
    const { code, reason } = await recorder.closed
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000)
    expect(code).toBe(CloseCode.unauthorized)
    expect(reason).toMatch(/expired/)
    const auth = recorder.frames.find((frame) => frame[0] === MessageType.auth)
    expect(auth).toBeDefined()
    const decoder = decoding.createDecoder(auth!)
    expect(decoding.readVarUint(decoder)).toBe(MessageType.auth)
    expect(decoding.readVarUint(decoder)).toBe(0) // y-protocols/auth messagePermissionDenied
    expect(decoding.readVarString(decoder)).toMatch(/expired/)
  }, 10_000)

  it('only takes the token from ?token= on the WebSocket and from Authorization: Bearer on HTTP', async () => {
    const server = await start()
    const token = await mode.sign({ room: 'notes', perm: 'edit' })
    const bearerOnSocket = await upgradeStatus(server.url, socketPath('notes', null), { Authorization: `Bearer ${token}` })
    expect(bearerOnSocket.status).toBe(401)
    const queryOnHttp = await fetch(new URL(`${API_PATHS.access('notes')}?token=${token}`, server.url))
    expect(queryOnHttp.status).toBe(400)
    expect(((await queryOnHttp.json()) as ApiError).error).toMatch(/wrong place.*Authorization: Bearer/)
    const notBearer = await fetch(new URL(API_PATHS.access('notes'), server.url), { headers: { Authorization: `Basic ${token}` } })
    expect(notBearer.status).toBe(400)
  })
})

describe('the access API per mode', () => {
  const seed = useServerPerTest()

  it('open: anyone may edit any room, and a new room is just an id', async () => {
    const server = await seed.start()
    expect(await (await fetch(new URL(API_PATHS.auth, server.url))).json()).toEqual({ mode: 'open' })
    const created = (await (await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })).json()) as CreatedRoomResponse
    expect(Object.keys(created)).toEqual(['room'])
    expect(isValidRoomId(created.room)).toBe(true)
    expect(await accessApi(server, created.room, null)).toEqual({ status: 200, authenticate: null, body: { permission: 'edit', expiresAt: null, name: null } })
    expect(await accessApi(server, 'bad room!', null)).toMatchObject({ status: 400, body: { error: expect.stringMatching(/Room id/) } })
  })

  it('links: a new room comes with an edit token and a view token that work for that room only and do not expire', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    expect(await (await fetch(new URL(API_PATHS.auth, server.url))).json()).toEqual({ mode: 'links' })
    const response = await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const created = (await response.json()) as { room: string; editToken: string; viewToken: string }
    expect(await accessApi(server, created.room, created.editToken)).toEqual({ status: 200, authenticate: null, body: { permission: 'edit', expiresAt: null, name: null } })
    expect(await accessApi(server, created.room, created.viewToken)).toEqual({ status: 200, authenticate: null, body: { permission: 'view', expiresAt: null, name: null } })
    expect((await accessApi(server, 'another-room', created.editToken)).status).toBe(403)
    expect((await fetch(new URL(API_PATHS.rooms, server.url))).status).toBe(405)
  })

  it('jwt: rooms are created by the embedding application; tokens must carry exp and a known perm, and only the configured algorithm', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET })
    expect(await (await fetch(new URL(API_PATHS.auth, server.url))).json()).toEqual({ mode: 'jwt' })
    const created = await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST' })
    expect(created.status).toBe(403)
    expect(((await created.json()) as ApiError).error).toMatch(/application that embeds Seed/)
    await expectRefused(server, 'notes', await hs256(SECRET, { room: 'notes', perm: 'edit' }), 401, /"exp" claim/)
    await expectRefused(server, 'notes', await hs256(SECRET, { room: 'notes', perm: 'admin', exp: inAnHour() }), 401, /"perm" claim/)
    const hs512 = await new SignJWT({ room: 'notes', perm: 'edit', exp: inAnHour() }).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET))
    await expectRefused(server, 'notes', hs512, 401, /algorithm/)
  })

  it('jwt with a public key: an HS256 token "signed" with the public key itself is refused (no algorithm confusion)', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: path.join(keyDir, 'ed25519.pem') })
    const pem = await exportSPKI(edKeys.publicKey)
    await expectRefused(server, 'notes', await hs256(pem, { room: 'notes', perm: 'edit', exp: inAnHour() }), 401, /algorithm/)
  })

  it('jwt with AUTH_AUDIENCE and AUTH_ISSUER: a token without that aud and iss is refused with 401 and says which claim is wrong', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, AUTH_AUDIENCE: 'seed.example.com', AUTH_ISSUER: 'https://app.example.com' })
    const expected = { room: 'notes', perm: 'edit', exp: inAnHour(), aud: 'seed.example.com', iss: 'https://app.example.com' }
    await expectRefused(server, 'notes', await hs256(SECRET, { ...expected, aud: undefined }), 401, /not meant for this server: its "aud" claim must be "seed\.example\.com"/)
    await expectRefused(server, 'notes', await hs256(SECRET, { ...expected, aud: 'billing.example.com' }), 401, /"aud" claim must be/)
    await expectRefused(server, 'notes', await hs256(SECRET, { ...expected, iss: undefined }), 401, /not issued by the application this server trusts: its "iss" claim must be "https:\/\/app\.example\.com"/)
    await expectRefused(server, 'notes', await hs256(SECRET, { ...expected, iss: 'https://evil.example' }), 401, /"iss" claim must be/)
    expect(await accessApi(server, 'notes', await hs256(SECRET, expected))).toMatchObject({ status: 200, body: { permission: 'edit' } })
    expect((await upgradeStatus(server.url, socketPath('notes', await hs256(SECRET, { ...expected, aud: ['other', 'seed.example.com'] })))).status).toBe(101)
  })

  it('refuses to start with a key file that is not a usable public key', async () => {
    const bogus = path.join(keyDir, 'bogus.pem')
    await writeFile(bogus, '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n')
    await expect(startTestServer({ AUTH_MODE: 'jwt', AUTH_PUBLIC_KEY_FILE: bogus })).rejects.toThrow(ConfigError)
    await expect(startTestServer({ AUTH_MODE: 'jwt', AUTH_JWKS_FILE: bogus })).rejects.toThrow(/not JSON/)
  })
})

describe('Origin check', () => {
  const seed = useServerPerTest()

  it('refuses sockets and API calls from pages of another origin with 403; the server\'s own pages and clients without Origin pass', async () => {
    const server = await seed.start()
    const own = new URL(server.url).origin
    const evil = { Origin: 'https://evil.example' }
    const refused = await upgradeStatus(server.url, '/ws/notes', evil)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatch(/not accepted here.*ALLOWED_ORIGINS/)
    expect((await upgradeStatus(server.url, '/ws/notes', { Origin: own })).status).toBe(101)
    expect((await upgradeStatus(server.url, '/ws/notes')).status).toBe(101)
    expect(await accessApi(server, 'notes', null, evil)).toMatchObject({ status: 403, body: { error: expect.stringMatching(/ALLOWED_ORIGINS/) } })
    expect((await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST', headers: evil })).status).toBe(403)
    expect((await fetch(new URL(API_PATHS.rooms, server.url), { method: 'POST', headers: { Origin: own } })).status).toBe(201)
  })

  it('compares the scheme too: an https page may not use a server reached over plain http, nor (behind a TLS proxy) an http page the https one', async () => {
    const direct = await seed.start()
    const { host } = new URL(direct.url)
    expect((await upgradeStatus(direct.url, '/ws/notes', { Origin: `https://${host}` })).status).toBe(403)
    expect((await fetch(new URL(API_PATHS.rooms, direct.url), { method: 'POST', headers: { Origin: `https://${host}` } })).status).toBe(403)
    await direct.dispose()
    const proxied = await seed.start({ TRUST_PROXY: '1' })
    const viaTls = { Host: 'docs.example.com', 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.7' }
    expect((await upgradeStatus(proxied.url, '/ws/notes', { ...viaTls, Origin: 'https://docs.example.com' })).status).toBe(101)
    const downgraded = await upgradeStatus(proxied.url, '/ws/notes', { ...viaTls, Origin: 'http://docs.example.com' })
    expect(downgraded.status).toBe(403)
    expect(downgraded.body).toMatch(/not accepted here/)
  })

  it('with ALLOWED_ORIGINS, exactly the listed origins pass', async () => {
    const server = await seed.start({ ALLOWED_ORIGINS: 'https://app.example.com' })
    expect((await upgradeStatus(server.url, '/ws/notes', { Origin: 'https://app.example.com' })).status).toBe(101)
    expect((await upgradeStatus(server.url, '/ws/notes', { Origin: new URL(server.url).origin })).status).toBe(403)
  })

  it('checks the Origin before the token: a valid token from a foreign page is still refused', async () => {
    const server = await seed.start({ AUTH_MODE: 'links', AUTH_SECRET: SECRET })
    const token = await hs256(SECRET, { room: 'notes', perm: 'edit' })
    expect((await upgradeStatus(server.url, socketPath('notes', token), { Origin: 'https://evil.example' })).status).toBe(403)
    expect((await upgradeStatus(server.url, socketPath('notes', token))).status).toBe(101)
  })
})

describe('security headers', () => {
  const seed = useServerPerTest()

  it('sends a CSP that forbids framing, nosniff and no-referrer on pages and API answers', async () => {
    const server = await seed.start()
    for (const route of ['/', API_PATHS.auth]) {
      const response = await fetch(new URL(route, server.url))
      const csp = response.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("worker-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/)
      // Images by address over https: only.
      expect(csp).toContain("img-src 'self' data: blob: https:;")
      expect(csp).not.toMatch(/img-src[^;]* http:/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    }
  })

  it('lets the FRAME_ANCESTORS of jwt mode embed Seed', async () => {
    const server = await seed.start({ AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, FRAME_ANCESTORS: 'https://app.example.com' })
    const response = await fetch(new URL('/', server.url))
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors https://app.example.com')
  })
})

describe('/metrics protection', () => {
  const seed = useServerPerTest()
  const metrics = (server: TestServer, headers: Record<string, string> = {}) => fetch(new URL('/metrics', server.url), { headers })
  const fromAfar = { 'X-Forwarded-For': '203.0.113.9' }

  it('answers loopback only when METRICS_TOKEN is unset: another address gets 403, health and readiness stay open', async () => {
    const server = await seed.start({ TRUST_PROXY: '1' })
    expect((await metrics(server)).status).toBe(200)
    const refused = await metrics(server, fromAfar)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toMatch(/METRICS_TOKEN.*METRICS_ALLOW/)
    expect((await fetch(new URL('/healthz', server.url), { headers: fromAfar })).status).toBe(200)
    expect((await fetch(new URL('/readyz', server.url), { headers: fromAfar })).status).toBe(200)
  })

  it('answers METRICS_ALLOW addresses without a token', async () => {
    const server = await seed.start({ TRUST_PROXY: '1', METRICS_ALLOW: '203.0.113.9' })
    expect((await metrics(server, fromAfar)).status).toBe(200)
    expect((await metrics(server, { 'X-Forwarded-For': '203.0.113.10' })).status).toBe(403)
  })

  it('with METRICS_TOKEN, answers only a request bearing it (401 otherwise, loopback and METRICS_ALLOW included)', async () => {
    const server = await seed.start({ METRICS_TOKEN: 'metrics-token-for-this-test', TRUST_PROXY: '1', METRICS_ALLOW: '203.0.113.9' })
    const refused = await metrics(server)
    expect(refused.status).toBe(401)
    expect((await metrics(server, fromAfar)).status).toBe(401)
    expect(await refused.text()).toMatch(/Authorization: Bearer/)
    expect((await metrics(server, { Authorization: 'Bearer metrics-token-for-this-tesT' })).status).toBe(401)
    const answered = await metrics(server, { Authorization: 'Bearer metrics-token-for-this-test' })
    expect(answered.status).toBe(200)
    expect(await answered.text()).toContain('seed_connections_open')
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200)
  })
})
