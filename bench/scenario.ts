/**
 * One load scenario against one running server: every client connects at
 * once, writers then write timestamped entries at a fixed rate, and every
 * other client in the room records how long each entry took to reach it.
 * All clients live in this process, so sender and receiver share one clock.
 */
import type * as Y from 'yjs'
import { waitFor } from '../test-support/node-client.ts'
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import type { BenchServer } from './servers.ts'
import { ProcessUsageMonitor, readMachineBusySeconds } from './process-usage.ts'
import { summarize, type Summary } from './stats.ts'

export interface ScenarioSpec {
  id: string
  title: string
  rooms: number
  clientsPerRoom: number
  writersPerRoom: number
  writesPerSecond: number
  durationSeconds: number
}

export interface ScenarioResult {
  spec: ScenarioSpec
  server: BenchServer['kind']
  /** Provider construction to its first 'sync' true, per client (ms). */
  syncMs: Summary
  /** Writer's performance.now() at the write to a receiver's observer (ms). */
  latencyMs: Summary
  /** Writes actually made and the window they were made in. */
  writes: number
  writeWindowSeconds: number
  /** Entries received by clients that do not write, per second of the write window. */
  deliveredPerSecond: number
  /** Entries some receiver never got before the drain timeout (all receivers). */
  missing: number
  serverCpuSeconds: number
  serverRssAtStartBytes: number
  serverPeakRssBytes: number
  /** This process's CPU (all clients), to tell a saturated client side from a slow server. */
  clientCpuSeconds: number
  /** Wall time of the measured span: first connect to the end of the drain. */
  spanSeconds: number
  /** CPU the rest of the machine used over the span: anything above noise skews the figures. */
  otherCpuSeconds: number
}

const SYNC_TIMEOUT_MS = 30_000
const DRAIN_TIMEOUT_MS = 10_000
/** The Y.Map every timestamped entry goes into. */
const MAP_NAME = 'bench'

/** A client of a paced run: it writes if it has a writer index, and counts the entries it receives. */
export interface PacedClient {
  /** A stock provider's client (test-support/node-client.ts) or any kind's (bench/bench-client.ts): only its doc is written to. */
  client: Pick<BenchClient, 'doc' | 'destroy'>
  room: number
  /** Index among all writers (0 … writers − 1), or null for a client that only reads. */
  writerId: number | null
  /** Entries from other clients received so far; the caller's entry observer counts them. */
  received: number
  /** Entries other clients of its room wrote, set once the writing stops. */
  expected: number
}

export interface PacedWrites {
  /** Entries written in all rooms. */
  writes: number
  writeWindowSeconds: number
}

export async function runScenario(server: BenchServer, spec: ScenarioSpec): Promise<ScenarioResult> {
  const clients: PacedClient[] = []
  const latencies: number[] = []
  const syncTimes: number[] = []
  const usage = ProcessUsageMonitor.start(server.pid)
  const clientCpuAtStart = process.cpuUsage()
  const machineBusyAtStart = readMachineBusySeconds()
  const spanStart = performance.now()
  let usageResult: ReturnType<ProcessUsageMonitor['stop']> | null = null
  try {
    // Connect everyone at once: the join burst is part of what is measured.
    const syncs: Promise<void>[] = []
    let writerCount = 0
    for (let roomIndex = 0; roomIndex < spec.rooms; roomIndex++) {
      const roomId = `bench-${spec.id}-${roomIndex}`
      for (let i = 0; i < spec.clientsPerRoom; i++) {
        const constructedAt = performance.now()
        const client = connectBenchClient(server, roomId)
        const benchClient: PacedClient = { client, room: roomIndex, writerId: i < spec.writersPerRoom ? writerCount++ : null, received: 0, expected: 0 }
        clients.push(benchClient)
        syncs.push(client.synced().then(() => void syncTimes.push(performance.now() - constructedAt)))
        observeEntries(client.doc, (latencyMs) => {
          latencies.push(latencyMs)
          benchClient.received += 1
        })
      }
    }
    await withTimeout(Promise.all(syncs), SYNC_TIMEOUT_MS, `${clients.length} clients to sync`)

    const { writes, writeWindowSeconds } = await writeAtPace(clients, spec, DRAIN_TIMEOUT_MS)

    usageResult = usage.stop()
    const clientCpu = process.cpuUsage(clientCpuAtStart)
    const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6
    const machineBusySeconds = readMachineBusySeconds() - machineBusyAtStart
    const readersReceived = clients.filter((c) => c.writerId === null).reduce((sum, c) => sum + c.received, 0)
    return {
      spec,
      server: server.kind,
      syncMs: summarize(syncTimes),
      latencyMs: summarize(latencies),
      writes,
      writeWindowSeconds,
      deliveredPerSecond: readersReceived / writeWindowSeconds,
      missing: clients.reduce((sum, c) => sum + Math.max(0, c.expected - c.received), 0),
      serverCpuSeconds: usageResult.cpuSeconds,
      serverRssAtStartBytes: usageResult.rssAtStartBytes,
      serverPeakRssBytes: usageResult.peakRssBytes,
      clientCpuSeconds,
      spanSeconds: (performance.now() - spanStart) / 1000,
      otherCpuSeconds: Math.max(0, machineBusySeconds - usageResult.cpuSeconds - clientCpuSeconds),
    }
  } finally {
    if (!usageResult) usage.cancel()
    for (const c of clients) c.client.destroy()
  }
}

/**
 * Every writer among `clients` writes `writesPerSecond` entries a second for
 * `durationSeconds`, the writers spread over one interval so they do not all
 * fire together. Then sets each client's `expected` (what the others of its
 * room wrote) and waits up to `drainTimeoutMs` for every client to receive
 * that; entries still missing then are left for the caller to report rather
 * than failing the run.
 */
export async function writeAtPace(
  clients: PacedClient[],
  pace: { rooms: number; writesPerSecond: number; durationSeconds: number },
  drainTimeoutMs: number,
): Promise<PacedWrites> {
  const timers: NodeJS.Timeout[] = []
  const writesPerRoom = new Array<number>(pace.rooms).fill(0)
  const writesByWriter: number[] = []
  const writers = clients.filter((c) => c.writerId !== null)
  const intervalMs = 1000 / pace.writesPerSecond
  const windowStart = performance.now()
  for (const writer of writers) {
    const writerId = writer.writerId!
    writesByWriter[writerId] = 0
    const write = () => {
      const seq = writesByWriter[writerId]!++
      writesPerRoom[writer.room]! += 1
      writeEntry(writer.client.doc, writerId, seq)
    }
    const offset = (writerId / writers.length) * intervalMs
    timers.push(
      setTimeout(() => {
        write()
        timers.push(setInterval(write, intervalMs))
      }, offset),
    )
  }
  await sleep(pace.durationSeconds * 1000)
  for (const timer of timers) clearInterval(timer)
  const writeWindowSeconds = (performance.now() - windowStart) / 1000
  for (const c of clients) c.expected = writesPerRoom[c.room]! - (c.writerId === null ? 0 : writesByWriter[c.writerId]!)
  await waitFor(() => clients.every((c) => c.received >= c.expected), 'every entry to reach every receiver', drainTimeoutMs).catch(() => {
    // Reported as `missing` by the caller rather than failing the whole run.
  })
  return { writes: writesPerRoom.reduce((a, b) => a + b, 0), writeWindowSeconds }
}

/**
 * Writes one timestamped entry: key `<writer>:<seq>` set to the writer's
 * performance.now(). Receivers in this process subtract it from their own clock.
 */
export function writeEntry(doc: Y.Doc, writerId: number, seq: number): void {
  const map: Y.Map<number> = doc.getMap(MAP_NAME)
  map.set(`${writerId}:${seq}`, performance.now())
}

/**
 * Calls `onEntry` with the latency of every entry another client wrote (and
 * the writer's timestamp and the entry's `<writer>:<seq>` key), as soon as it
 * is applied to `doc` (map observer).
 */
export function observeEntries(doc: Y.Doc, onEntry: (latencyMs: number, writtenAt: number, key: string) => void): void {
  const map: Y.Map<number> = doc.getMap(MAP_NAME)
  map.observe((event) => {
    if (event.transaction.local) return
    const receivedAt = performance.now()
    for (const key of event.keysChanged) {
      const writtenAt = map.get(key)
      if (writtenAt === undefined) continue
      onEntry(receivedAt - writtenAt, writtenAt, key)
    }
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
