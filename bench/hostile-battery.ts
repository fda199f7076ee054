/**
 * The bad-input battery of bench/hostile.ts against one running server: each
 * kind of bad input (test-support/bad-inputs.ts) on its own fresh connection
 * while two healthy clients keep editing another room, then the attacks of
 * bench/hostile-attacks.ts. Per kind: how the server ended the connection (or
 * did not; for a flood, which is only too fast, whether and when the server
 * handled all of it); per attack: that, and what it did to everyone else. Per
 * step: whether the healthy room still converged, and the server's RSS. A
 * server that crashes is restarted on its data dir so the remaining steps
 * still run. After the last step the healthy clients leave and the server's
 * RSS is read once more after a settle time.
 */
import type { BadInput } from '../test-support/bad-inputs.ts'
import { runAttack, type Attack, type AttackEffect } from './hostile-attacks.ts'
import { framingFor, type Framing } from './hostile-framing.ts'
import { describeOutcome, handshakeOf, sendFrames, type Outcome } from './hostile-exchange.ts'
import { HostileSocket, type Closed } from './hostile-socket.ts'
import { HealthyRoom } from './healthy-room.ts'
import { isProcessAlive } from './process-alive.ts'
import { ProcessUsageMonitor, readStatusBytes } from './process-usage.ts'
import { MIB } from './report.ts'
import { sleep } from './scenario.ts'
import { throttleCount } from './seed-metrics.ts'
import type { BenchServer } from './servers.ts'
import { measureSlowConsumer } from './slow-consumer.ts'

/** What the battery measures around every step: the healthy room after it and the server's memory. */
export interface StepMeasure {
  /** Until the healthy room converged after this step; null when it did not within HEALTHY_TIMEOUT_MS (or the step did not run). */
  healthyMs: number | null
  peakRssBytes: number
  rssAfterBytes: number
  /** The server crashed on this step and was restarted. */
  restarted: boolean
}

export interface KindResult extends StepMeasure {
  input: BadInput
  outcome: Outcome
  /** What else was seen: whether a room was served, the storm's tally, the slow reader's memory. */
  detail: string
}

export interface AttackResult extends StepMeasure {
  attack: Attack
  /** Null where the attack does not apply to this server (n/a). */
  effect: AttackEffect | null
}

export interface BatteryResult {
  kinds: KindResult[]
  attacks: AttackResult[]
  rssStartBytes: number
  peakRssBytes: number
  /** After the battery, the healthy clients gone and SETTLE_MS passed. */
  rssEndBytes: number
  restarts: number
}

export const SLOW_READER_BOUND_MS = 15_000
export const SLOW_READER_BYTES_PER_SECOND = 200_000
export const HEALTHY_TIMEOUT_MS = 10_000
export const SETTLE_MS = 30_000
/** The healthy room edits this long before the starting RSS is read. */
export const WARMUP_MS = 300
/** After a storm's handshakes: time for the server to close the connections it does not want. */
export const STORM_SETTLE_MS = 1_000
const SETTLE_SAMPLE_MS = 1_000

export async function runBattery(
  server: BenchServer,
  inputs: readonly BadInput[],
  attacks: readonly Attack[],
  log: (line: string) => void,
): Promise<BatteryResult> {
  const framing = framingFor(server)
  const healthy = await HealthyRoom.open(server, 'healthy')
  const kinds: KindResult[] = []
  const attackResults: AttackResult[] = []
  let restarts = 0
  /** Runs one step while sampling the server's RSS; restarts a server it crashed; then checks the healthy room. */
  const measured = async <T>(step: () => Promise<T>): Promise<{ ran: T } & StepMeasure> => {
    const usage = ProcessUsageMonitor.start(server.pid)
    const ran = await step()
    const crashed = !isProcessAlive(server.pid)
    let peakRssBytes = Number.NaN
    if (crashed) {
      usage.cancel()
      await server.restart()
      restarts += 1
    } else {
      peakRssBytes = usage.stop().peakRssBytes
    }
    const healthyMs = await healthy.converges(HEALTHY_TIMEOUT_MS)
    return { ran, healthyMs, peakRssBytes, rssAfterBytes: readStatusBytes(server.pid, 'VmRSS'), restarted: crashed }
  }
  try {
    await sleep(WARMUP_MS)
    const rssStartBytes = readStatusBytes(server.pid, 'VmRSS')
    for (const input of inputs) {
      const { ran, ...measure } = await measured(() => runInput(server, framing, input))
      const outcome: Outcome = measure.restarted ? { type: 'crashed' } : ran.outcome
      const kind = { input, outcome, detail: ran.detail, ...measure }
      kinds.push(kind)
      log(`  ${describeKind(kind)}`)
    }
    for (const attack of attacks) {
      if (!attack.servers.includes(server.kind)) {
        attackResults.push({ attack, effect: null, healthyMs: null, peakRssBytes: Number.NaN, rssAfterBytes: Number.NaN, restarted: false })
        continue
      }
      const { ran, ...measure } = await measured(() => runAttack(server, framing, attack))
      const effect: AttackEffect = measure.restarted ? { ...ran, attacker: { type: 'crashed' }, harmed: true } : ran
      const result = { attack, effect, ...measure }
      attackResults.push(result)
      log(`  ${describeAttack(result)}`)
    }
    healthy.close()
    let settlePeak = 0
    let rssEndBytes = Number.NaN
    for (let waited = 0; waited < SETTLE_MS; waited += SETTLE_SAMPLE_MS) {
      await sleep(SETTLE_SAMPLE_MS)
      rssEndBytes = readStatusBytes(server.pid, 'VmRSS')
      settlePeak = Math.max(settlePeak, rssEndBytes)
    }
    const peakRssBytes = Math.max(rssStartBytes, settlePeak, ...[...kinds, ...attackResults].map((k) => k.peakRssBytes).filter(Number.isFinite))
    return { kinds, attacks: attackResults, rssStartBytes, peakRssBytes, rssEndBytes, restarts }
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
  const detail = kind.detail ? ` (${kind.detail})` : ''
  return `${kind.input.title}: ${describeOutcome(kind.outcome)}${detail}; ${describeMeasure(kind)}`
}

function describeAttack({ attack, effect, ...measure }: AttackResult): string {
  if (effect === null) return `${attack.title}: n/a`
  const attacker = effect.attacker === null ? '' : `attacker ${describeOutcome(effect.attacker)}; `
  const detail = effect.detail ? ` (${effect.detail})` : ''
  return `${attack.title}: ${attacker}${effect.others}${detail}; ${describeMeasure(measure)}`
}

function describeMeasure(measure: StepMeasure): string {
  const healthy = measure.healthyMs === null ? 'did not converge' : `converged in ${measure.healthyMs.toFixed(0)} ms`
  return `healthy room ${healthy}; RSS ${(measure.rssAfterBytes / MIB).toFixed(0)} MiB`
}

