import { describe, expect, it } from 'vitest'
import type { IncomingHttpHeaders } from 'node:http'
import { handshakeProblem } from './handshake-check.ts'

const valid: IncomingHttpHeaders = { upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' }
const problem = (headers: IncomingHttpHeaders, method = 'GET') => handshakeProblem({ method, headers: { ...valid, ...headers } })

describe('handshakeProblem', () => {
  it('passes what a browser or the ws client sends', () => {
    expect(problem({})).toBeNull()
    expect(problem({ upgrade: 'WebSocket', 'sec-websocket-version': '8' })).toBeNull()
    expect(problem({ 'sec-websocket-protocol': 'chat, superchat' })).toBeNull()
  })

  it('names what ws would refuse: method, Upgrade, key, version', () => {
    expect(problem({}, 'POST')).toMatch(/GET/)
    expect(problem({ upgrade: 'h2c' })).toMatch(/Upgrade/)
    expect(problem({ upgrade: undefined })).toMatch(/Upgrade/)
    expect(problem({ 'sec-websocket-key': 'short' })).toMatch(/Sec-WebSocket-Key/)
    expect(problem({ 'sec-websocket-key': undefined })).toMatch(/Sec-WebSocket-Key/)
    expect(problem({ 'sec-websocket-version': '12' })).toMatch(/Sec-WebSocket-Version/)
    expect(problem({ 'sec-websocket-version': undefined })).toMatch(/Sec-WebSocket-Version/)
  })

  it('refuses a Sec-WebSocket-Protocol list that ws cannot parse or that repeats a name', () => {
    for (const header of ['', ' chat', 'chat ', 'chat,', ',chat', 'chat,,superchat', 'ch@t', 'chat, chat']) {
      expect(problem({ 'sec-websocket-protocol': header }), JSON.stringify(header)).toMatch(/Sec-WebSocket-Protocol/)
    }
  })
})
