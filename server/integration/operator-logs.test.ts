/**
 * Logs an operator can act on (issue 20 point 3), read from a real run's
 * stdout: every line is JSON and names the instance; every session line
 * names the session, room, transport, client address (through TRUST_PROXY),
 * permission and user (the token's `sub` and `name`); a burst of refusals is
 * one line and a count. (That /readyz failures are logged once per change is
 * pinned by the PostgreSQL outage test in postgres-store.test.ts.)
 */
import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { openRawSocket, upgradeStatus } from '../../test-support/raw-socket.ts'
import { RawHttpSession } from '../../test-support/raw-http-session.ts'
import { waitFor } from '../../test-support/node-client.ts'

const SECRET = 'the-shared-secret-of-the-log-test-0123456789'
const ROOM = 'logged-room'
const REFUSALS = 5

type LogLine = Record<string, unknown>

let seed: ServerProcess

beforeAll(async () => {
  seed = await startSeed({
    env: { AUTH_MODE: 'jwt', AUTH_SECRET: SECRET, LOG_LEVEL: 'info', LOG_REFUSALS_INTERVAL_MS: '500', TRUST_PROXY: '1', INSTANCE_ID: 'logs-test' },
  })
})
afterAll(async () => {
  await seed.dispose()
})

const token = (claims: Record<string, string>) =>
  new SignJWT({ room: ROOM, perm: 'edit', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET))

/** Whole lines of stdout so far (a chunk may end mid-line). */
function stdoutLines(): string[] {
  const text = seed.stdout.join('')
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((line) => line !== '')
}

const parsed = () => stdoutLines().map((line) => JSON.parse(line) as LogLine)

describe('the log of a run', () => {
  it('is JSON lines naming the instance; session lines carry who, from where, over what; refusals are collapsed with a count', async () => {
    // A WebSocket session with a token naming its user, behind a proxy.
    const socket = await openRawSocket(`${seed.wsUrl}`, `${ROOM}?token=${await token({ sub: 'user-42', name: 'Ada' })}`, { 'X-Forwarded-For': '203.0.113.7' })
    await socket.firstMessage
    // An HTTP long-poll session with a token that names nobody.
    const http = await RawHttpSession.open(seed.url, ROOM, { Authorization: `Bearer ${await token({})}`, 'X-Forwarded-For': '198.51.100.9' })
    await http.poll(0)
    expect(await http.leave()).toBe(204)
    socket.socket.close()
    await socket.closed
    // A client retrying without a token: refused each time, logged once and counted.
    for (let attempt = 0; attempt < REFUSALS; attempt++) expect((await upgradeStatus(seed.url, `/ws/${ROOM}`)).status).toBe(401)

    const refusals = () => parsed().filter((line) => line.msg?.toString().startsWith('admission refused'))
    await waitFor(() => refusals().some((line) => line.suppressed !== undefined), 'the count of the refusals not logged one by one', 15_000)
    await waitFor(() => parsed().filter((line) => line.msg === 'session closed').length === 2, 'both sessions logged their close')

    const lines = parsed()
    expect(seed.stdout.join('')).not.toMatch(/Seed is running at/)
    expect(lines.every((line) => typeof line.instance === 'string' && line.instance.startsWith('logs-test:'))).toBe(true)
    expect(new Set(lines.map((line) => line.instance)).size).toBe(1)

    const sessionLines = lines.filter((line) => line.msg === 'session opened' || line.msg === 'session closed')
    expect(sessionLines).toHaveLength(4)
    const byTransport = (transport: string) => sessionLines.filter((line) => line.transport === transport)
    for (const line of byTransport('websocket')) {
      expect(line).toMatchObject({ room: ROOM, clientAddress: '203.0.113.7', permission: 'edit', user: 'user-42', userName: 'Ada' })
    }
    for (const line of byTransport('http')) expect(line).toMatchObject({ room: ROOM, clientAddress: '198.51.100.9', permission: 'edit', user: null, userName: null })
    expect(byTransport('websocket')).toHaveLength(2)
    expect(byTransport('http')).toHaveLength(2)
    // Session ids are random: one per session, shared by its opened and closed lines.
    expect(new Set(sessionLines.map((line) => line.session)).size).toBe(2)
    for (const line of sessionLines) expect(line.session).toMatch(/^[\w-]{12,}$/)

    expect(refusals().map(({ cause, suppressed, clientAddress, room }) => ({ cause, suppressed, clientAddress, room }))).toEqual([
      { cause: 'admission:unauthorized', suppressed: undefined, clientAddress: '127.0.0.1', room: ROOM },
      { cause: 'admission:unauthorized', suppressed: REFUSALS - 1, clientAddress: '127.0.0.1', room: ROOM },
    ])
    // Never a token.
    expect(seed.output.join('')).not.toMatch(/eyJ/)
  })
})
