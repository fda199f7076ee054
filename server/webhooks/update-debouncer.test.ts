import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { UpdateDebouncer, windowDueAt, type UpdateWindow } from './update-debouncer.ts'

const DEBOUNCE_MS = 2000
const MAX_WAIT_MS = 10_000
const alice = { subject: 'alice', name: 'Alice' }
const bob = { subject: 'bob', name: 'Bob' }

describe('windowDueAt', () => {
  it('is the quiet time after the last change, bounded by the maximum wait after the first', () => {
    const settings = { debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS }
    expect(windowDueAt({ openedAt: 0, lastChangeAt: 0 }, settings)).toBe(2000)
    expect(windowDueAt({ openedAt: 0, lastChangeAt: 5000 }, settings)).toBe(7000)
    expect(windowDueAt({ openedAt: 0, lastChangeAt: 9500 }, settings)).toBe(10_000)
  })
})

describe('UpdateDebouncer (controlled clock)', () => {
  let opened: UpdateWindow[]
  let due: Array<UpdateWindow & { at: number }>
  let debouncer: UpdateDebouncer

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
    opened = []
    due = []
    debouncer = new UpdateDebouncer({
      debounceMs: DEBOUNCE_MS,
      maxWaitMs: MAX_WAIT_MS,
      onOpen: (window) => opened.push(window),
      onDue: (window) => due.push({ ...window, at: Date.now() }),
    })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const change = (seq: number, writer = alice) => ({ seq, writers: [writer], title: `Title ${seq}`, bytes: seq * 10 })

  it('opens a window with the first batch at once, and sends one event after the quiet time with every writer and the highest seq', () => {
    debouncer.change('room', change(1))
    expect(opened).toHaveLength(1)
    expect(opened[0]!.data).toEqual({ id: 'room', seq: 1, writers: [alice], title: 'Title 1', bytes: 10 })
    vi.advanceTimersByTime(500)
    debouncer.change('room', change(2, bob))
    vi.advanceTimersByTime(500)
    debouncer.change('room', change(3, alice))
    expect(opened).toHaveLength(1)
    vi.advanceTimersByTime(DEBOUNCE_MS - 1)
    expect(due).toHaveLength(0)
    vi.advanceTimersByTime(1)
    expect(due).toHaveLength(1)
    expect(due[0]).toMatchObject({ at: 1000 + DEBOUNCE_MS, eventId: opened[0]!.eventId, lastChangeAt: 1000 })
    expect(due[0]!.data).toEqual({ id: 'room', seq: 3, writers: [alice, bob], title: 'Title 3', bytes: 30 })
  })

  it('sends at least every maximum wait while editing goes on, each event with the writers since the previous one', () => {
    let seq = 0
    for (let t = 0; t < 25_000; t += 500) {
      debouncer.change('room', change(++seq, t < 12_000 ? alice : bob))
      vi.advanceTimersByTime(500)
    }
    expect(due.map((window) => window.at)).toEqual([10_000, 20_000])
    expect(due[0]!.data.writers).toEqual([alice])
    expect(due[1]!.data.writers).toEqual([alice, bob])
    expect(due[1]!.data.seq).toBe(40)
    vi.advanceTimersByTime(DEBOUNCE_MS)
    expect(due.map((window) => window.at)).toEqual([10_000, 20_000, 25_000 - 500 + DEBOUNCE_MS])
    expect(due[2]!.data.writers).toEqual([bob])
    expect(new Set(due.map((window) => window.eventId)).size).toBe(3)
    expect(opened.map((window) => window.eventId)).toEqual(due.map((window) => window.eventId))
  })

  it('keeps rooms apart', () => {
    debouncer.change('a', change(1, alice))
    vi.advanceTimersByTime(1000)
    debouncer.change('b', change(7, bob))
    vi.advanceTimersByTime(1000)
    expect(due.map((window) => window.data)).toEqual([{ id: 'a', seq: 1, writers: [alice], title: 'Title 1', bytes: 10 }])
    vi.advanceTimersByTime(1000)
    expect(due.map((window) => window.data.id)).toEqual(['a', 'b'])
  })

  it('closes a window at once when flushed (deleted, unloaded, shutdown), and the next batch opens a new one', () => {
    debouncer.change('room', change(1))
    debouncer.flush('room')
    expect(due).toHaveLength(1)
    expect(due[0]!.at).toBe(0)
    debouncer.change('room', change(2))
    expect(opened).toHaveLength(2)
    debouncer.flushAll()
    expect(due.map((window) => window.data.seq)).toEqual([1, 2])
    vi.advanceTimersByTime(MAX_WAIT_MS)
    expect(due).toHaveLength(2)
  })
})
