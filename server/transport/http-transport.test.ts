import { afterEach, describe, expect, it } from 'vitest'
import type { TransportEvents } from '../session/transport.ts'
import { HttpTransport, type HttpSessionEnd, type PollOutcome } from './http-transport.ts'

const transports: HttpTransport[] = []
afterEach(() => transports.splice(0).forEach((transport) => transport.terminate()))

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))
const bytes = (...values: number[]) => new Uint8Array(values)

function harness() {
  const received: number[] = []
  const paid: boolean[] = []
  const prepaid: number[] = []
  const written: number[] = []
  const ended: HttpSessionEnd[] = []
  let progressed = 0
  let probesAnswered = 0
  let closedWith: number | null = null
  const transport = new HttpTransport({ pollTimeoutMs: 60_000, idleTimeoutMs: 60_000, onEnded: (end) => ended.push(end) })
  const events: TransportEvents = {
    message: (frame, bytesPaid) => {
      received.push(frame[0]!)
      paid.push(bytesPaid === true)
    },
    prepayBytes: (bytes) => prepaid.push(bytes),
    invalid: () => undefined,
    progressed: () => (progressed += 1),
    probeAnswered: () => (probesAnswered += 1),
    closed: (code) => (closedWith = code),
  }
  transport.bind(events)
  transports.push(transport)
  return {
    transport,
    received,
    paid,
    prepaid,
    written,
    ended,
    get progressed() {
      return progressed
    },
    get probesAnswered() {
      return probesAnswered
    },
    get closedWith() {
      return closedWith
    },
    send: (value: number) => transport.send(bytes(value), () => written.push(value)),
    poll: (cursor: number, abandoned = new AbortController().signal) => transport.poll(cursor, abandoned),
  }
}

const replyOf = (outcome: PollOutcome) => {
  if (outcome.kind !== 'reply') throw new Error(`expected a reply, got ${outcome.kind}`)
  return { firstSeq: outcome.reply.firstSeq, reset: outcome.reply.reset, values: outcome.reply.messages.map((message) => message[0]) }
}

describe('HttpTransport', () => {
  it('numbers outgoing messages and keeps them until a poll acknowledges them by its cursor', async () => {
    const t = harness()
    t.send(10)
    t.send(11)
    expect(replyOf(await t.poll(0))).toEqual({ firstSeq: 0, reset: false, values: [10, 11] })
    expect(t.transport.bufferedBytes).toBe(2)
    // A retry of the same poll gets the same messages under the same numbers.
    expect(replyOf(await t.poll(0))).toEqual({ firstSeq: 0, reset: false, values: [10, 11] })
    t.send(12)
    expect(replyOf(await t.poll(2))).toEqual({ firstSeq: 2, reset: false, values: [12] })
    expect(t.written).toEqual([10, 11])
    expect(t.transport.bufferedBytes).toBe(1)
    expect(t.progressed).toBe(1)
  })

  it('holds a poll until there is something, and answers an older held poll when a newer one comes', async () => {
    const t = harness()
    const first = t.poll(0)
    const second = t.poll(0)
    expect(replyOf(await first)).toEqual({ firstSeq: 0, reset: false, values: [] })
    let answered = false
    void second.then(() => (answered = true))
    await nextTurn()
    expect(answered).toBe(false)
    t.send(7)
    expect(replyOf(await second)).toEqual({ firstSeq: 0, reset: false, values: [7] })
  })

  it('answers a cursor below what is kept with a reset from the head, and asks the room for a full sync', async () => {
    const t = harness()
    t.send(1)
    t.send(2)
    // Acknowledges both (and is held: there is nothing newer).
    void t.poll(2)
    const stale = t.poll(0)
    await nextTurn()
    // What a client sends to be brought up to date from nothing: a sync step 1 (type 0) and an awareness query (type 3).
    expect(t.received).toEqual([0, 3])
    t.send(9)
    expect(replyOf(await stale)).toEqual({ firstSeq: 2, reset: true, values: [9] })
  })

  it('refuses a cursor past what was sent', async () => {
    const t = harness()
    t.send(1)
    expect((await t.poll(5)).kind).toBe('badCursor')
  })

  it('answers a probe once everything sent before it is acknowledged', async () => {
    const t = harness()
    t.send(1)
    t.transport.probe()
    await nextTurn()
    expect(t.probesAnswered).toBe(0)
    void t.poll(1)
    expect(t.probesAnswered).toBe(1)
  })

  it('delivers nothing of a POSTed batch while reading is paused, answers the POST once all was delivered, drops nothing', async () => {
    const t = harness()
    t.transport.pauseReading()
    let answered = false
    const post = t.transport.receive([bytes(1), bytes(2), bytes(3)].values()).then((end) => {
      answered = true
      return end
    })
    await nextTurn()
    expect(t.received).toEqual([])
    expect(answered).toBe(false)
    t.transport.resumeReading()
    expect(await post).toBeNull()
    expect(t.received).toEqual([1, 2, 3])
  })

  it('spends a batch’s bytes up front, makes each message only as it is delivered, and delivers them as paid', async () => {
    const t = harness()
    t.transport.prepayBytes(1000)
    expect(t.prepaid).toEqual([1000])
    t.transport.pauseReading()
    let made = 0
    function* counted(): Generator<Uint8Array> {
      for (const value of [7, 8]) {
        made += 1
        yield bytes(value)
      }
    }
    const post = t.transport.receive(counted())
    await nextTurn()
    expect(made).toBe(0)
    t.transport.resumeReading()
    expect(await post).toBeNull()
    expect(t.received).toEqual([7, 8])
    expect(t.paid).toEqual([true, true])
  })

  it('ends once with the reason: the held poll and a waiting POST are told, later polls too', async () => {
    const t = harness()
    const held = t.poll(0)
    t.transport.pauseReading()
    const post = t.transport.receive([bytes(1)].values())
    t.transport.close({ kind: 'messageTooBig', message: 'too big' })
    t.transport.close({ kind: 'internalError', message: 'ignored' })
    const end = { status: 413, closeCode: 1009, message: 'too big' }
    expect(await held).toEqual({ kind: 'ended', end })
    expect(await post).toEqual(end)
    expect(await t.poll(0)).toEqual({ kind: 'ended', end })
    await nextTurn()
    expect(t.closedWith).toBe(1009)
    expect(t.ended).toEqual([end])
  })

  it('a client that gives up on its poll frees it', async () => {
    const t = harness()
    const abandon = new AbortController()
    const poll = t.poll(0, abandon.signal)
    abandon.abort()
    expect(await poll).toEqual({ kind: 'abandoned' })
  })
})
