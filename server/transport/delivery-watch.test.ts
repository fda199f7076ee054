import { describe, expect, it } from 'vitest'
import { DeliveryWatch } from './delivery-watch.ts'

const TIMEOUT = 5000
const SMALL = 1000

describe('DeliveryWatch', () => {
  it('probes after data at most once a second and only with no probe outstanding', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    expect(watch.shouldProbe(0, SMALL)).toBe(true)
    expect(watch.shouldProbe(10, 2 * SMALL)).toBe(false)
    watch.answered(20)
    expect(watch.shouldProbe(500, 3 * SMALL)).toBe(false)
    expect(watch.shouldProbe(1000, 4 * SMALL)).toBe(true)
    expect(watch.shouldProbe(3000, 5 * SMALL)).toBe(false)
  })

  it('calls a client stalled once its probe after a small send went unanswered for the timeout', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(100, SMALL)
    watch.observeBuffered(1000, 0)
    expect(watch.isStalled(TIMEOUT)).toBe(false)
    watch.observeBuffered(3000, 64_000)
    watch.observeBuffered(5000, 128_000)
    expect(watch.isStalled(TIMEOUT + 200)).toBe(true)
  })

  it('never calls a client stalled that answers its probes', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    for (let now = 0; now < 60_000; now += 1000) {
      watch.shouldProbe(now, now * 100)
      expect(watch.isStalled(now)).toBe(false)
      watch.answered(now + 200)
    }
  })

  it('waits for a large send as long as a 1 Mbit/s link needs to read it', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    // A 2 MiB document, all of it taken by the kernel at once (nothing left in the send buffer to watch).
    watch.shouldProbe(0, 2 * 1024 * 1024)
    watch.observeBuffered(0, 0)
    expect(watch.isStalled(TIMEOUT + 15_000)).toBe(false)
    expect(watch.isStalled(TIMEOUT + 16_000)).toBe(true)
  })

  it('counts only what was sent since the last answered probe', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(0, 2 * 1024 * 1024)
    watch.answered(10_000)
    watch.shouldProbe(11_000, 2 * 1024 * 1024 + SMALL)
    expect(watch.isStalled(11_000 + TIMEOUT + 100)).toBe(true)
  })

  it('gives a slow reader time while its send buffer keeps shrinking', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    watch.shouldProbe(0, SMALL)
    let buffered = 8_000_000
    for (let now = 0; now <= 30_000; now += 1000) {
      watch.observeBuffered(now, buffered)
      expect(watch.isStalled(now)).toBe(false)
      buffered -= 200_000
    }
    // Its last read was at 31 s; then it stops and the buffer stays as it is.
    watch.observeBuffered(31_000, buffered)
    watch.observeBuffered(34_000, buffered)
    expect(watch.isStalled(34_000)).toBe(false)
    watch.observeBuffered(36_000, buffered)
    expect(watch.isStalled(36_000)).toBe(true)
  })

  it('is not stalled with no probe outstanding, however long nothing was sent', () => {
    const watch = new DeliveryWatch(TIMEOUT, 0)
    expect(watch.isStalled(3_600_000)).toBe(false)
  })
})
