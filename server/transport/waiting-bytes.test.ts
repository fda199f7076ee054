import { describe, expect, it } from 'vitest'
import { WaitingBytes } from './waiting-bytes.ts'

describe('WaitingBytes', () => {
  it('lets the bodies of one address hold up to the cap together, gives back on release, and keeps addresses apart', () => {
    const waiting = new WaitingBytes(100)
    const first = waiting.forBody('10.0.0.1')
    const second = waiting.forBody('10.0.0.1')
    expect(first.growTo(60)).toBe(true)
    expect(second.growTo(50)).toBe(false)
    expect(waiting.heldBy('10.0.0.1')).toBe(60)
    expect(second.growTo(40)).toBe(true)
    expect(waiting.forBody('10.0.0.2').growTo(100)).toBe(true)
    first.release()
    first.release()
    expect(waiting.heldBy('10.0.0.1')).toBe(40)
    expect(second.growTo(100)).toBe(true)
    second.release()
    expect(waiting.heldBy('10.0.0.1')).toBe(0)
  })
})
