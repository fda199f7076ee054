/**
 * The bad-input battery of bench/hostile.ts against one running server: each
 * kind of bad input (test-support/bad-inputs.ts) on its own fresh connection
 * while two healthy clients keep editing another room. Per kind: how the
 * server ended the connection (or did not; for a flood, which is only too fast,
 * whether and when the server handled all of it), whether the healthy room still
 * converged, and the server's RSS. A server that crashes is restarted on its
 * data dir so the remaining kinds still run. After the last kind the healthy
 * clients leave and the server's RSS is read once more after a settle time.
 */
import type { BadInput } from '../test-support/bad-inputs.ts'
import { framingFor, type Framing } from './hostile-framing.ts'
import { HostileSocket, type Closed, type DocumentClosed, type Handshake } from './hostile-socket.ts'
import { HealthyRoom } from './healthy-room.ts'
import { isProcessAlive } from './process-alive.ts'
import { ProcessUsageMonitor, readStatusBytes } from './process-usage.ts'
import { MIB } from './report.ts'
import { sleep } from './scenario.ts'
import { throttleCount } from './seed-metrics.ts'
import type { BenchServer } from './servers.ts'
import { measureSlowConsumer } from './slow-consumer.ts'

export type Outcome =
  | { type: 'closed'; code: number; reason: string; afterMs: number }
  | { type: 'refused'; status: number; body: string }
  /** Hocuspocus: the document was closed by a message, the socket stayed open. */
  | { type: 'document-closed'; reason: string; afterMs: number }
  /** The socket ended without a close code (1005: empty close frame, 1006: none at all). */
  | { type: 'no-code'; code: number; afterMs: number }
  | { type: 'left-open'; afterMs: number }
  /** A flood: the connection stayed open and the server answered the sync step 1 sent behind it, so it handled all of it. */
  | { type: 'handled'; afterMs: number }
  /** The slow reader: the server let go of its socket (it cannot read a close frame); the code it found on reading again. */
  | { type: 'server-dropped'; afterMs: number; code: number | null; reason: string }
  | { type: 'crashed' }
  | { type: 'connect-failed'; message: string }

export interface KindResult {
  input: BadInput
  outcome: Outcome
  /** What else was seen: whether a room was served, the storm's tally, the slow reader's memory. */
  detail: string
  /** Until the healthy room converged after this kind; null when it did not within HEALTHY_TIMEOUT_MS. */
  healthyMs: number | null
  peakRssBytes: number
  rssAfterBytes: number
  /** The server crashed on this kind and was restarted. */
  restarted: boolean
}

export interface BatteryResult {
  kinds: KindResult[]
  rssStartBytes: number
  peakRssBytes: number
  /** After the battery, the healthy clients gone and SETTLE_MS passed. */
  rssEndBytes: number
  restarts: number
}

/** A connection still open this long after its bad input is "left open". */
export const LEFT_OPEN_AFTER_MS = 5_000
export const SLOW_READER_BOUND_MS = 15_000
export const SLOW_READER_BYTES_PER_SECOND = 200_000
export const HEALTHY_TIMEOUT_MS = 10_000
export const SETTLE_MS = 30_000
/** The healthy room edits this long before the starting RSS is read. */
export const WARMUP_MS = 300
const HANDSHAKE_TIMEOUT_MS = 20_000
/** How long to wait for the server to answer our sync step 1 (we are in the room) before sending the bad input anyway. */
const JOIN_WAIT_MS = 5_000
/** After a flood: how long to wait for the answer to the sync step 1 sent behind it (Seed at its default limits reads 5,000 messages over about 13 s). */
export const HANDLED_BOUND_MS = 60_000
/** After a storm's handshakes: time for the server to close the connections it does not want. */
export const STORM_SETTLE_MS = 1_000
const SETTLE_SAMPLE_MS = 1_000

export async function runBattery(server: BenchServer, inputs: readonly BadInput[], log: (line: string) => void): Promise<BatteryResult> {
  const framing = framingFor(server)
  const healthy = await HealthyRoom.open(server, 'healthy')
  const kinds: KindResult[] = []
  let restarts = 0
  try {
    await sleep(WARMUP_MS)
    const rssStartBytes = readStatusBytes(server.pid, 'VmRSS')
    for (const input of inputs) {
      const usage = ProcessUsageMonitor.start(server.pid)
      const ran = await runInput(server, framing, input)
      const crashed = !isProcessAlive(server.pid)
      let peakRssBytes = Number.NaN
      if (crashed) {
        usage.cancel()
        await server.restart()
        restarts += 1
      } else {
        peakRssBytes = usage.stop().peakRssBytes
      }
      const outcome: Outcome = crashed ? { type: 'crashed' } : ran.outcome
      const healthyMs = await healthy.converges(HEALTHY_TIMEOUT_MS)
      const kind = { input, outcome, detail: ran.detail, healthyMs, peakRssBytes, rssAfterBytes: readStatusBytes(server.pid, 'VmRSS'), restarted: crashed }
      kinds.push(kind)
      log(`  ${describeKind(kind)}`)
    }
    healthy.close()
    let settlePeak = 0
    let rssEndBytes = Number.NaN
    for (let waited = 0; waited < SETTLE_MS; waited += SETTLE_SAMPLE_MS) {
      await sleep(SETTLE_SAMPLE_MS)
      rssEndBytes = readStatusBytes(server.pid, 'VmRSS')
      settlePeak = Math.max(settlePeak, rssEndBytes)
    }
    const peakRssBytes = Math.max(rssStartBytes, settlePeak, ...kinds.map((k) => k.peakRssBytes).filter(Number.isFinite))
    return { kinds, rssStartBytes, peakRssBytes, rssEndBytes, restarts }
  } finally {
    healthy.close()
  }
}

async function runInput(server: BenchServer, framing: Framing, input: BadInput): Promise<{ outcome: Outcome; detail: string }> {
  switch (input.type) {
    case 'frames': {
      const tooFast = isOnlyTooFast(input)
      const throttledBefore = tooFast ? await throttleCount(server) : null
      const { outcome, joined } = await sendFrames(framing, `victim-${input.id}`, (room) => input.frames((message) => framing.wrap(room, message)), tooFast)
      const throttledAfter = tooFast ? await throttleCount(server) : null
      const details = [
        joined ? '' : 'the server had not answered sync step 1',
        throttledBefore === null || throttledAfter === null ? '' : `seed_throttled_total +${throttledAfter - throttledBefore}`,
      ]
      return { outcome, detail: details.filter(Boolean).join('; ') }
    }
    case 'room-id': {
      const { outcome, joined } = await sendFrames(framing, input.room, () => [])
      return { outcome, detail: joined ? 'the room was served' : '' }
    }
    case 'storm':
      return storm(framing, input.connections, input.rooms)
    case 'slow-reader':
      return slowReader(server)
  }
}

/** An input that is only too fast (a flood of valid messages): Seed's catalogue says it throttles it and never closes it. */
export function isOnlyTooFast(input: BadInput): boolean {
  return input.type === 'frames' && 'throttled' in input.seed
}

/**
 * Joins `room`, sends the frames once in (or once it is clear the server will not answer) and watches how the connection
 * ends. With `probe`, sends a sync step 1 behind the frames and also waits (up to HANDLED_BOUND_MS) for its answer: the
 * server then handled all of them.
 */
async function sendFrames(
  framing: Framing,
  room: string,
  frames: (room: string) => Array<Uint8Array | string>,
  probe = false,
): Promise<{ outcome: Outcome; joined: boolean }> {
  const client = new HostileSocket(framing, room)
  try {
    const handshake = await handshakeOf(client)
    if (handshake.type === 'refused') return { outcome: { type: 'refused', status: handshake.status, body: handshake.body }, joined: false }
    if (handshake.type === 'error') return { outcome: { type: 'connect-failed', message: handshake.message }, joined: false }
    const openedAt = performance.now()
    const joined = await Promise.race([client.joined.then(() => true), client.closed.then(() => false), sleep(JOIN_WAIT_MS).then(() => false)])
    const toSend = frames(room)
    const sentAt = performance.now()
    for (const frame of toSend) {
      if (!client.isOpen) break
      client.socket.send(frame)
    }
    if (probe && client.isOpen) {
      const answered = new Promise<number>((resolve) =>
        client.socket.on('message', (data: Buffer) => {
          if (framing.isSyncStep2(data)) resolve(performance.now())
        }),
      )
      client.socket.send(framing.probe(room))
      const end = await Promise.race([answered, client.endWithin(HANDLED_BOUND_MS)])
      if (typeof end === 'number') return { outcome: { type: 'handled', afterMs: end - sentAt }, joined }
      return { outcome: end === null ? { type: 'left-open', afterMs: HANDLED_BOUND_MS } : classifyEnd(end, sentAt), joined }
    }
    const end = await client.endWithin(LEFT_OPEN_AFTER_MS)
    // With nothing to send the room id itself is the input: times count from the upgrade.
    return { outcome: classifyEnd(end, toSend.length === 0 ? openedAt : sentAt), joined }
  } finally {
    client.terminate()
  }
}

/** The handshake, or an error when the server did not answer the upgrade in time (an outcome, not a bench failure). */
async function handshakeOf(probe: HostileSocket): Promise<Handshake> {
  let timer: NodeJS.Timeout | undefined
  const noAnswer = new Promise<Handshake>((resolve) => {
    timer = setTimeout(() => resolve({ type: 'error', message: `no answer to the upgrade within ${HANDSHAKE_TIMEOUT_MS / 1000} s` }), HANDSHAKE_TIMEOUT_MS)
  })
  try {
    return await Promise.race([probe.handshake, noAnswer])
  } finally {
    clearTimeout(timer)
  }
}

function classifyEnd(end: { closed: Closed } | { documentClosed: DocumentClosed } | null, since: number): Outcome {
  if (end === null) return { type: 'left-open', afterMs: LEFT_OPEN_AFTER_MS }
  // A close that came before the input was even sent shows as 0 ms.
  if ('documentClosed' in end) return { type: 'document-closed', reason: end.documentClosed.reason, afterMs: Math.max(0, end.documentClosed.at - since) }
  const { code, reason, at } = end.closed
  const afterMs = Math.max(0, at - since)
  return code === 1005 || code === 1006 ? { type: 'no-code', code, afterMs } : { type: 'closed', code, reason, afterMs }
}

/** Opens `connections` sockets at once over `rooms` rooms, gives the server a moment to refuse some, then drops them all. */
async function storm(framing: Framing, connections: number, rooms: number): Promise<{ outcome: Outcome; detail: string }> {
  const sockets = Array.from({ length: connections }, (_, i) => new HostileSocket(framing, `storm-${i % rooms}`))
  try {
    const handshakes = await Promise.all(sockets.map(handshakeOf))
    const startedAt = performance.now()
    await sleep(STORM_SETTLE_MS)
    const tally = new Map<string, number>()
    let firstClose: Closed | null = null
    let firstRefusal: { status: number; body: string } | null = null
    for (const [i, handshake] of handshakes.entries()) {
      let key: string
      if (handshake.type === 'refused') {
        key = `HTTP ${handshake.status}`
        firstRefusal ??= handshake
      } else if (handshake.type === 'error') {
        key = 'error'
      } else {
        const closed = sockets[i]!.closedWith
        key = closed ? `closed ${closed.code}` : 'open'
        if (closed && closed.code !== 1005 && closed.code !== 1006) firstClose ??= closed
      }
      tally.set(key, (tally.get(key) ?? 0) + 1)
    }
    const detail = [...tally].map(([key, n]) => `${n} ${key}`).join(', ')
    if (firstClose) return { outcome: { type: 'closed', code: firstClose.code, reason: firstClose.reason, afterMs: Math.max(0, firstClose.at - startedAt) }, detail }
    if (firstRefusal) return { outcome: { type: 'refused', ...firstRefusal }, detail }
    return { outcome: { type: 'left-open', afterMs: STORM_SETTLE_MS }, detail }
  } finally {
    for (const socket of sockets) socket.terminate()
  }
}

async function slowReader(server: BenchServer): Promise<{ outcome: Outcome; detail: string }> {
  const result = await measureSlowConsumer(server, { room: 'slow-reader', bytesPerSecond: SLOW_READER_BYTES_PER_SECOND, boundMs: SLOW_READER_BOUND_MS })
  if (result.crashed) return { outcome: { type: 'crashed' }, detail: '' }
  const growth = `peak RSS +${((result.peakRssBytes - result.rssBeforeBytes) / MIB).toFixed(1)} MiB, ${(result.bytesWritten / 1e6).toFixed(1)} MB written`
  if (result.droppedAfterMs === null) return { outcome: { type: 'left-open', afterMs: SLOW_READER_BOUND_MS }, detail: growth }
  return {
    outcome: { type: 'server-dropped', afterMs: result.droppedAfterMs, code: result.close?.code ?? null, reason: result.close?.reason ?? result.documentCloseReason ?? '' },
    detail: growth,
  }
}

/** One line for the console: the outcome, the detail, the healthy room and the RSS after. */
function describeKind(kind: KindResult): string {
  const healthy = kind.healthyMs === null ? 'did not converge' : `converged in ${kind.healthyMs.toFixed(0)} ms`
  const detail = kind.detail ? ` (${kind.detail})` : ''
  return `${kind.input.title}: ${describeOutcome(kind.outcome)}${detail}; healthy room ${healthy}; RSS ${(kind.rssAfterBytes / MIB).toFixed(0)} MiB`
}

export function describeOutcome(outcome: Outcome): string {
  const after = (ms: number) => (ms < 1000 ? `after ${ms.toFixed(0)} ms` : `after ${(ms / 1000).toFixed(1)} s`)
  switch (outcome.type) {
    case 'closed':
      return `closed with ${outcome.code}${outcome.reason ? ` "${outcome.reason}"` : ' (no reason)'} ${after(outcome.afterMs)}`
    case 'refused':
      return `HTTP ${outcome.status} before the upgrade${outcome.body ? ` "${outcome.body.trim()}"` : ''}`
    case 'document-closed':
      return `document closed by a Hocuspocus close message "${outcome.reason}" ${after(outcome.afterMs)}, socket left open`
    case 'no-code':
      return `socket ended without a close code (${outcome.code}) ${after(outcome.afterMs)}`
    case 'left-open':
      return `left open after ${(outcome.afterMs / 1000).toFixed(0)} s`
    case 'handled':
      return `not closed; all of it handled (a sync step 1 sent behind it answered) ${after(outcome.afterMs)}`
    case 'server-dropped':
      return `dropped by the server ${after(outcome.afterMs)}; reading again it found ${outcome.code === null ? 'nothing' : outcome.code === 1006 ? 'no close frame (1006)' : `close ${outcome.code}${outcome.reason ? ` "${outcome.reason}"` : ''}`}`
    case 'crashed':
      return 'the server process crashed'
    case 'connect-failed':
      return `could not connect (${outcome.message})`
  }
}

/** Closed with a code or refused before the upgrade; for the slow reader, which cannot read a close frame, let go of by the server. */
export function closedWithCode(outcome: Outcome): boolean {
  return outcome.type === 'closed' || outcome.type === 'refused' || outcome.type === 'server-dropped'
}
