import { describe, expect, it } from 'vitest'
import { throttledProbe } from './throttled-probe.ts'

function countingProbe() {
  const probe = { runs: 0, finish: (_result: string) => {} }
  const run = () => {
    probe.runs += 1
    return new Promise<string>((resolve) => (probe.finish = resolve))
  }
  return { probe, run }
}

describe('throttledProbe', () => {
  it('shares one run among callers while it runs', async () => {
    const { probe, run } = countingProbe()
    const ask = throttledProbe(run, 1000, () => 0)
    const answers = Array.from({ length: 20 }, () => ask())
    probe.finish('ready')
    expect(await Promise.all(answers)).toEqual(Array(20).fill('ready'))
    expect(probe.runs).toBe(1)
  })

  it('answers from the last run for the interval after it started, then runs again', async () => {
    const { probe, run } = countingProbe()
    let now = 0
    const ask = throttledProbe(run, 1000, () => now)
    const first = ask()
    probe.finish('ready')
    await first
    now = 999
    expect(await ask()).toBe('ready')
    expect(probe.runs).toBe(1)
    now = 1000
    const second = ask()
    probe.finish('not ready')
    expect(await second).toBe('not ready')
    expect(probe.runs).toBe(2)
  })

  it('keeps sharing a run that takes longer than the interval, and never starts two at once', async () => {
    const { probe, run } = countingProbe()
    let now = 0
    const ask = throttledProbe(run, 1000, () => now)
    const first = ask()
    now = 5000
    const second = ask()
    expect(probe.runs).toBe(1)
    probe.finish('slow but ready')
    expect(await second).toBe('slow but ready')
    expect(await first).toBe('slow but ready')
  })

  it('does not keep a failed run past the interval', async () => {
    let now = 0
    let runs = 0
    const ask = throttledProbe(async () => {
      runs += 1
      if (runs === 1) throw new Error('store down')
      return 'ready'
    }, 1000, () => now)
    await expect(ask()).rejects.toThrow('store down')
    now = 1000
    expect(await ask()).toBe('ready')
  })
})
