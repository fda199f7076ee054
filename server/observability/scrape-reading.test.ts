import { describe, expect, it } from 'vitest'
import { ScrapeReading } from './scrape-reading.ts'

describe('ScrapeReading', () => {
  it('answers with a read that finishes within the wait', async () => {
    let next = 10
    const reading = new ScrapeReading(async () => next++, 1000)
    expect(await reading.value()).toBe(10)
    expect(await reading.value()).toBe(11)
  })

  it('answers with the last value when a read fails or is slow, and never runs two reads at once', async () => {
    let reads = 0
    let finishSlowRead: (value: number) => void = () => undefined
    const behaviours: Array<() => Promise<number>> = [
      async () => 5,
      async () => Promise.reject(new Error('store unreachable')),
      () => new Promise<number>((resolve) => (finishSlowRead = resolve)),
      () => new Promise<number>(() => undefined),
    ]
    const reading = new ScrapeReading(() => behaviours[reads++]!(), 20)
    expect(await reading.value()).toBe(5)
    expect(await reading.value()).toBe(5)
    expect(await reading.value()).toBe(5)
    // The slow read is still running: this scrape waits for it rather than starting another.
    expect(await reading.value()).toBe(5)
    expect(reads).toBe(3)
    // Finished late, it is still the value the next scrape has while its own read hangs.
    finishSlowRead(7)
    await new Promise((resolve) => setImmediate(resolve))
    expect(await reading.value()).toBe(7)
    expect(reads).toBe(4)
  })

  it('has no value before a read succeeded', async () => {
    const reading = new ScrapeReading(async () => Promise.reject(new Error('down')), 20)
    expect(await reading.value()).toBeNull()
  })
})
