import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../config.ts'
import { InProcessBus } from '../bus/in-process-bus.ts'
import { Metrics } from '../observability/metrics.ts'
import { RefusalLog } from '../observability/refusal-log.ts'
import { RoomRegistry } from '../room/room-registry.ts'
import { SessionHub } from '../session/session-hub.ts'
import { LevelStore } from '../storage/level-store.ts'
import { httpStatusFor } from '../web/reason-codes.ts'
import { Admission, type AdmissionRequest } from './admission.ts'
import { openAccess, type Authorize } from './authorization.ts'
import { OriginPolicy } from './origin-policy.ts'

const logger = pino({ level: 'silent' })

describe('Admission', () => {
  let dir: string
  let store: LevelStore
  let hub: SessionHub

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-admission-'))
    store = await LevelStore.open(dir, { fsync: false })
    const limits = { ...loadConfig({}).limits, maxConnectionsPerIp: 2, maxConnectionsPerRoom: 3 }
    const metrics = new Metrics()
    const registry = new RoomRegistry({ store, bus: new InProcessBus(), logger, metrics, unloadGraceMs: 0, compactAfterUpdates: 500, maxDocumentBytes: limits.maxDocumentBytes, maxLoadedRooms: 10 })
    hub = new SessionHub({ registry, logger, metrics, refusals: new RefusalLog(10_000), limits, livenessIntervalMs: 60_000 })
  })
  afterEach(async () => {
    hub.closeAll({ kind: 'serverRestart', message: 'test over' })
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  const DIRECT = { proxies: 0, header: 'x-forwarded-for' } as const
  const admission = (authorize: Authorize = openAccess, proxies = 0, origins = new OriginPolicy(null, DIRECT)) =>
    new Admission({ hub, origins, authorize, proxyTrust: { proxies, header: 'x-forwarded-for' }, metrics: new Metrics(), logger, refusals: new RefusalLog(10_000) })
  const request = (overrides: Partial<AdmissionRequest> = {}): AdmissionRequest => ({ roomId: 'notes', socketAddress: '10.0.0.1', headers: {}, token: null, ...overrides })

  it('refuses a path without a room and a room id outside the rule before asking anyone', async () => {
    let asked = 0
    const counting: Authorize = async (req) => {
      asked += 1
      return openAccess(req)
    }
    const noRoom = await admission(counting).admit(request({ roomId: null }))
    const badRoom = await admission(counting).admit(request({ roomId: '../etc/passwd' }))
    expect(noRoom).toMatchObject({ admitted: false, reason: { kind: 'notFound' } })
    expect(badRoom).toMatchObject({ admitted: false, reason: { kind: 'badRequest' } })
    expect(httpStatusFor('badRequest')).toBe(400)
    expect(asked).toBe(0)
  })

  it('asks the authorization hook with the room, the client address and the token, and passes its grant or refusal on', async () => {
    const seen: unknown[] = []
    const hook: Authorize = async (req) => {
      seen.push(req)
      if (req.token === 'reader') return { identity: { subject: 'r', name: 'Reader' }, permission: 'view', expiresAt: null }
      return { refused: { kind: 'forbidden', message: 'This link does not open this document' } }
    }
    const granted = await admission(hook, 1).admit(request({ token: 'reader', headers: { 'x-forwarded-for': '198.51.100.7' } }))
    expect(granted).toMatchObject({ admitted: true, grant: { permission: 'view', identity: { name: 'Reader' } } })
    expect(seen[0]).toEqual({ roomId: 'notes', clientAddress: '198.51.100.7', token: 'reader' })

    const refused = await admission(hook).admit(request({ token: 'stranger' }))
    expect(refused).toMatchObject({ admitted: false, reason: { kind: 'forbidden' } })
    expect(httpStatusFor('forbidden')).toBe(403)
  })

  it('holds a place per admitted client until it is released, and refuses past the limits', async () => {
    const open = admission()
    const first = await open.admit(request())
    const second = await open.admit(request())
    const third = await open.admit(request())
    expect(third).toMatchObject({ admitted: false, reason: { kind: 'tooManyConnectionsFromAddress' } })
    expect(httpStatusFor('tooManyConnectionsFromAddress')).toBe(429)
    if (!first.admitted || !second.admitted) throw new Error('expected both admitted')
    first.reservation.release()
    first.reservation.release()
    expect((await open.admit(request())).admitted).toBe(true)
    expect(await open.admit(request())).toMatchObject({ admitted: false })

    const elsewhere = await Promise.all(['10.0.0.2', '10.0.0.3', '10.0.0.4'].map((socketAddress) => open.admit(request({ roomId: 'busy', socketAddress }))))
    expect(elsewhere.map((result) => result.admitted)).toEqual([true, true, true])
    expect(await open.admit(request({ roomId: 'busy', socketAddress: '10.0.0.5' }))).toMatchObject({ admitted: false, reason: { kind: 'roomFull' } })
  })

  it('refuses a browser page of another origin before asking the hook; a request without Origin is judged by its token alone', async () => {
    let asked = 0
    const counting: Authorize = async (req) => {
      asked += 1
      return openAccess(req)
    }
    const own = admission(counting)
    expect(await own.check(request({ headers: { host: 'docs.example.com', origin: 'https://evil.example' } }))).toMatchObject({
      admitted: false,
      reason: { kind: 'forbidden', message: expect.stringContaining('ALLOWED_ORIGINS') },
    })
    expect(await own.check(request({ headers: { host: 'docs.example.com', origin: 'null' } }))).toMatchObject({ admitted: false, reason: { kind: 'forbidden' } })
    expect(asked).toBe(0)
    expect((await own.check(request({ headers: { host: 'docs.example.com', origin: 'http://docs.example.com' } }))).admitted).toBe(true)
    expect((await own.check(request({ headers: { host: 'docs.example.com' } }))).admitted).toBe(true)

    const listed = admission(counting, 0, new OriginPolicy(['https://app.example.com'], DIRECT))
    expect((await listed.check(request({ headers: { host: 'seed.internal', origin: 'https://app.example.com' } }))).admitted).toBe(true)
    expect((await listed.check(request({ headers: { host: 'seed.internal', origin: 'http://seed.internal' } }))).admitted).toBe(false)
  })

  it('checks without holding a place: HTTP requests that open no session never count toward the limits', async () => {
    const open = admission()
    for (let i = 0; i < 5; i++) expect(await open.check(request())).toMatchObject({ admitted: true, roomId: 'notes', clientAddress: '10.0.0.1' })
    expect((await open.admit(request())).admitted).toBe(true)
    expect((await open.admit(request())).admitted).toBe(true)
    expect(await open.check(request({ roomId: '../x' }))).toMatchObject({ admitted: false, reason: { kind: 'badRequest' } })
  })
})
