import { describe, expect, it } from 'vitest'
import { DeliveryWatch } from './delivery-watch.ts'

const TIMEOUT = 5000
const SMALL = 1000
const MIB = 1024 * 1024

describe('DeliveryWatch', () => {
  it('probes after data at most once a second and only with no probe outstanding', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    expect(watch.shouldProbe(0, SMALL, 0)).toBe(true)
    expect(watch.shouldProbe(10, 2 * SMALL, 0)).toBe(false)
    watch.answered(20)
    expect(watch.shouldProbe(500, 3 * SMALL, 0)).toBe(false)
    expect(watch.shouldProbe(1000, 4 * SMALL, 0)).toBe(true)
    expect(watch.shouldProbe(3000, 5 * SMALL, 0)).toBe(false)
  })

  it('calls a peer stalled once its probe after a small send went unanswered for the timeout', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.sending(100, 0)
    watch.progressed(101, 0)
    watch.shouldProbe(100, SMALL, 0)
    expect(watch.isStalled(TIMEOUT)).toBe(false)
    expect(watch.isStalled(TIMEOUT + 200)).toBe(true)
  })

  it('never calls a peer stalled that answers its probes', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    for (let now = 0; now < 60_000; now += 1000) {
      watch.sending(now, 0)
      watch.progressed(now + 1, 0)
      watch.shouldProbe(now, now * 100, 0)
      expect(watch.isStalled(now)).toBe(false)
      watch.answered(now + 200)
    }
  })

  it('waits for what the OS took at once as long as a 1 Mbit/s link needs to read it', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.sending(0, 0)
    watch.progressed(0, 0)
    watch.shouldProbe(0, 2 * MIB, 0)
    expect(watch.isStalled(TIMEOUT + 15_000)).toBe(false)
    expect(watch.isStalled(TIMEOUT + 16_000)).toBe(true)
  })

  it('counts only what was sent since the last answered probe', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(0, 2 * MIB, 0)
    watch.answered(10_000)
    watch.shouldProbe(11_000, 2 * MIB + SMALL, 0)
    expect(watch.isStalled(11_000 + TIMEOUT + 100)).toBe(true)
  })

  it('takes an answer to a probe that overtook data still in our buffer as proof of only what the OS had', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    // 20 MiB sent, 18 of them still in our buffer when the probe went out ahead of them.
    watch.shouldProbe(0, 20 * MIB, 18 * MIB)
    watch.answered(1000)
    watch.shouldProbe(10_000, 20 * MIB + SMALL, 0)
    // The 18 MiB may still be on their way over a slow link: no stall after the bare timeout.
    expect(watch.isStalled(10_000 + TIMEOUT + 100)).toBe(false)
    expect(watch.isStalled(10_000 + TIMEOUT + 150_000)).toBe(true)
  })

  it('gives a huge reply on a slow link all the time it needs while writes keep completing', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    // 50 MB queued at once; the OS takes 64 KiB every half second (1 Mbit/s) for minutes.
    let buffered = 50 * MIB
    watch.sending(0, 0)
    watch.shouldProbe(0, buffered, buffered)
    for (let now = 500; buffered > 0; now += 500) {
      buffered = Math.max(0, buffered - 64 * 1024)
      watch.progressed(now, buffered)
      expect(watch.isStalled(now)).toBe(false)
    }
  })

  it('calls a peer stalled within the timeout once its bytes stop leaving our buffer, however large the reply', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.sending(0, 0)
    watch.shouldProbe(0, 50 * MIB, 50 * MIB)
    watch.progressed(1000, 40 * MIB)
    watch.progressed(2000, 30 * MIB)
    expect(watch.isStalled(2000 + TIMEOUT - 1)).toBe(false)
    expect(watch.isStalled(2000 + TIMEOUT)).toBe(true)
  })

  it('does not take writes the OS accepted with nothing else waiting for reading: the OS buffers them for a peer that reads nothing', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(0, SMALL, 0)
    for (let now = 0; now <= TIMEOUT + 200; now += 50) {
      watch.sending(now, 0)
      watch.progressed(now + 1, 0)
    }
    expect(watch.isStalled(TIMEOUT + 200)).toBe(true)
  })

  it('does not hold an unanswered probe against a peer the session stopped reading, and restarts its allowance on resume', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(0, SMALL, 0)
    watch.readingPaused()
    expect(watch.isStalled(60_000)).toBe(false)
    watch.readingResumed(60_000)
    expect(watch.isStalled(60_000 + TIMEOUT - 1)).toBe(false)
    expect(watch.isStalled(60_000 + TIMEOUT + 100)).toBe(true)
  })

  it('starts the waiting clock when data starts waiting, not at the last progress long ago', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.sending(0, 0)
    watch.progressed(10, 0)
    watch.answered(20)
    watch.sending(60_000, 0)
    expect(watch.isStalled(60_100)).toBe(false)
  })

  it('is not stalled with nothing waiting and no probe outstanding, however long nothing was sent', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    expect(watch.isStalled(3_600_000)).toBe(false)
  })
})
