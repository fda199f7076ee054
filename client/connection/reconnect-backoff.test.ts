import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from './reconnect-backoff.ts'

describe('reconnectDelayMs', () => {
  it('grows exponentially from a quick first retry, up to a cap', () => {
    const upper = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => reconnectDelayMs(attempt, null, 0.999999))
    expect(upper).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000, 10000])
  })

  it('jitters between half and all of the delay', () => {
    expect(reconnectDelayMs(4, null, 0)).toBe(1000)
    expect(reconnectDelayMs(4, null, 0.5)).toBe(1500)
    const samples = Array.from({ length: 200 }, () => reconnectDelayMs(6, null, Math.random()))
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4000)
    expect(Math.max(...samples)).toBeLessThanOrEqual(8000)
    expect(new Set(samples).size).toBeGreaterThan(50)
  })

  it('never exceeds the cap', () => {
    expect(reconnectDelayMs(50, null, 0.999999)).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_MS)
  })

  it.each([CloseCode.tooManyConnectionsFromAddress, CloseCode.roomFull, CloseCode.serverAtCapacity])(
    'waits at least 5 s after the server asked to slow down (%i)',
    (code) => {
      expect(reconnectDelayMs(1, code, 0)).toBeGreaterThanOrEqual(5000)
      expect(reconnectDelayMs(1, code, 0.999999)).toBeLessThanOrEqual(5000)
    },
  )

  it('does not slow down after an ordinary restart', () => {
    expect(reconnectDelayMs(1, CloseCode.serviceRestart, 0)).toBe(125)
  })
})
