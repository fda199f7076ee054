import { describe, expect, it } from 'vitest'
import { afterHttpUnreachable, afterWebSocketAttempt, INITIAL_TRANSPORT_CHOICE, MAX_PROBE_DELAY_MS, probeDelayMs, type TransportChoice, type WebSocketOutcome } from './transport-choice.ts'

const replay = (outcomes: WebSocketOutcome[], online = true): TransportChoice =>
  outcomes.reduce((choice, outcome) => afterWebSocketAttempt(choice, outcome, online), INITIAL_TRANSPORT_CHOICE)

describe('transport choice', () => {
  it('starts on WebSocket and stays there after one failure (a restarting server looks the same)', () => {
    expect(INITIAL_TRANSPORT_CHOICE.transport).toBe('websocket')
    expect(replay(['failed-before-server']).transport).toBe('websocket')
  })

  it('falls back to HTTP after two WebSocket failures in a row', () => {
    expect(replay(['failed-before-server', 'failed-before-server'])).toEqual({ transport: 'http', webSocketFailures: 2 })
  })

  it('counts only failures in a row: a WebSocket that reached the server starts over', () => {
    expect(replay(['failed-before-server', 'reached-server', 'failed-before-server']).transport).toBe('websocket')
  })

  it('does not count attempts made while the browser is offline', () => {
    expect(replay(['failed-before-server', 'failed-before-server', 'failed-before-server'], false)).toEqual(INITIAL_TRANSPORT_CHOICE)
  })

  it('stays on HTTP while probes fail and moves back to WebSocket once one reaches the server', () => {
    const onHttp = replay(['failed-before-server', 'failed-before-server', 'failed-before-server', 'failed-before-server'])
    expect(onHttp.transport).toBe('http')
    expect(afterWebSocketAttempt(onHttp, 'reached-server', true)).toEqual(INITIAL_TRANSPORT_CHOICE)
  })

  it('tries WebSocket again when the HTTP attempt gets no answer either: the server was down, not WebSockets blocked', () => {
    const onHttp = replay(['failed-before-server', 'failed-before-server'])
    expect(afterHttpUnreachable(onHttp, true)).toEqual(INITIAL_TRANSPORT_CHOICE)
    expect(afterHttpUnreachable(onHttp, false)).toEqual(onHttp)
  })

  it('probes soon after falling back, then ever less often, up to a cap', () => {
    const delays = [2, 3, 4, 5, 6, 7, 8].map((failures) => probeDelayMs({ transport: 'http', webSocketFailures: failures }))
    expect(delays).toEqual([2000, 4000, 8000, 16_000, MAX_PROBE_DELAY_MS, MAX_PROBE_DELAY_MS, MAX_PROBE_DELAY_MS])
  })
})
