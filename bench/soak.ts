/**
 * `npm run bench:soak`: does Seed's memory stay flat across connect/disconnect
 * cycles and room unloads? Seed only, started with ROOM_UNLOAD_GRACE_MS=1000.
 * Each cycle, 20 stock y-websocket clients join 4 rooms of a rotating pool,
 * set their awareness, edit for a few seconds, and leave; the bench then waits
 * until Seed reports no connection and no loaded room (every room unloaded)
 * before the next cycle. The first cycle is a warm-up. Seed's VmRSS and its
 * seed_rooms_loaded / seed_connections_open / heap gauges are sampled every
 * second. SOAK_DURATION_S (default 180) sets how long cycles keep starting.
 * Writes the soak section of bench/RESULTS.md. A measurement: no thresholds.
 */
import { connectClient, type NodeClient } from '../test-support/node-client.ts'
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { describeMachine, type MachineInfo } from './machine.ts'
import { readCpuSeconds, readMachineBusySeconds, readStatusBytes } from './process-usage.ts'
import { commandLine, mib, ms, otherLoadWarning, runHeaderLines, writeResultsSection } from './report.ts'
import { sleep, withTimeout } from './scenario.ts'
import { counterDelta, fetchMetrics, formatCounts, metricByLabel, metricValue } from './seed-metrics.ts'
import { startServer, type BenchServer } from './servers.ts'
import { linearSlope, summarize } from './stats.ts'
import { readNumberEnv } from './env-number.ts'

const UNLOAD_GRACE_MS = 1_000
const SEED_ENV = { ROOM_UNLOAD_GRACE_MS: String(UNLOAD_GRACE_MS) }
const ROOM_POOL = 12
const ROOMS_PER_CYCLE = 4
const CLIENTS_PER_ROOM = 5
const EDIT_MS = 4_000
const EDIT_HZ = 4
/** Past this length a client deletes a stretch instead of growing the document further. */
const MAX_TEXT_LENGTH = 4_000
const SAMPLE_INTERVAL_MS = 1_000
const SYNC_TIMEOUT_MS = 30_000
const UNLOAD_TIMEOUT_MS = 15_000
const UNLOAD_POLL_MS = 200
/** After the last cycle's unload: time for compaction writes and timers to settle before the end reading. */
const SETTLE_MS = 2_000
const RATIO_OF_INTEREST = 1.2

interface MemorySample {
  /** Seconds since the soak started. */
  t: number
  rssBytes: number
  heapUsedBytes: number
  /** V8 heap reserved (used + free space V8 keeps): RSS the JS heap accounts for. */
  heapTotalBytes: number
  /** Memory of ArrayBuffers/Buffers outside the V8 heap (socket frames, Yjs updates as Uint8Array). */
  externalBytes: number
  roomsLoaded: number
  connectionsOpen: number
  /** Taken by the 1 s timer (not by a cycle's own polling): the slope uses only these, so samples are evenly spaced. */
  periodic: boolean
}

interface CycleResult {
  index: number
  rooms: string[]
  connections: number
  syncMs: number
  roomsLoadedAfterSync: number
  edits: number
  /** Leave to seed_connections_open = 0 and seed_rooms_loaded = 0; null when that did not happen in time. */
  unloadMs: number | null
  rssAfterUnloadBytes: number
  heapAfterUnloadBytes: number
  /** Seconds since the soak started, at the after-unload reading. */
  t: number
}

interface SoakResult {
  durationSeconds: number
  samples: MemorySample[]
  cycles: CycleResult[]
  warmupEndT: number
  start: MemorySample
  end: MemorySample
  statusConnectedEvents: number
  limitHits: Map<string, number>
  closedByCode: Map<string, number>
  storeErrors: Map<string, number>
  serverCpuSeconds: number
  otherCpus: number
  wallSeconds: number
}

/** Reads RSS from /proc and the gauges from /metrics; one reading at a time. */
class MemorySampler {
  readonly samples: MemorySample[] = []
  private readonly timer: NodeJS.Timeout
  private inFlight: Promise<MemorySample> | null = null

  constructor(
    private readonly server: BenchServer,
    private readonly startedAt: number,
  ) {
    this.timer = setInterval(() => void this.sample(true).catch(() => undefined), SAMPLE_INTERVAL_MS)
  }

  /** Takes a reading now (or joins the one in flight) and records it. */
  sample(periodic = false): Promise<MemorySample> {
    this.inFlight ??= this.read(periodic).finally(() => (this.inFlight = null))
    return this.inFlight
  }

  stop(): void {
    clearInterval(this.timer)
  }

  private async read(periodic: boolean): Promise<MemorySample> {
    const metrics = await fetchMetrics(this.server.httpUrl)
    const sample = {
      t: (performance.now() - this.startedAt) / 1000,
      rssBytes: readStatusBytes(this.server.pid, 'VmRSS'),
      heapUsedBytes: metricValue(metrics, 'seed_nodejs_heap_size_used_bytes'),
      heapTotalBytes: metricValue(metrics, 'seed_nodejs_heap_size_total_bytes'),
      externalBytes: metricValue(metrics, 'seed_nodejs_external_memory_bytes'),
      roomsLoaded: metricValue(metrics, 'seed_rooms_loaded'),
      connectionsOpen: metricValue(metrics, 'seed_connections_open'),
      periodic,
    }
    this.samples.push(sample)
    return sample
  }
}

async function runCycle(server: BenchServer, sampler: MemorySampler, index: number, counters: { connected: number }): Promise<CycleResult> {
  const first = (index * ROOMS_PER_CYCLE) % ROOM_POOL
  const rooms = Array.from({ length: ROOMS_PER_CYCLE }, (_, i) => `soak-${(first + i) % ROOM_POOL}`)
  const clients: NodeClient[] = []
  const timers: NodeJS.Timeout[] = []
  let edits = 0
  try {
    const constructedAt = performance.now()
    for (const room of rooms) {
      for (let i = 0; i < CLIENTS_PER_ROOM; i++) {
        const client = connectClient(server.providerUrl, room)
        client.provider.on('status', ({ status }: { status: string }) => {
          if (status === 'connected') counters.connected += 1
        })
        client.provider.awareness.setLocalStateField('user', { name: `soak ${index}.${clients.length}`, color: '#3366cc' })
        clients.push(client)
      }
    }
    await withTimeout(Promise.all(clients.map((c) => c.synced())), SYNC_TIMEOUT_MS, `cycle ${index}: ${clients.length} clients to sync`)
    const syncMs = performance.now() - constructedAt
    const roomsLoadedAfterSync = (await sampler.sample()).roomsLoaded

    const intervalMs = 1000 / EDIT_HZ
    clients.forEach((client, i) => {
      const edit = () => {
        edits += 1
        const text = client.text
        if (text.length > MAX_TEXT_LENGTH) {
          text.delete(Math.floor(Math.random() * (text.length - 200)), 200)
        } else {
          text.insert(Math.floor(Math.random() * (text.length + 1)), `word${edits} `)
        }
      }
      timers.push(setTimeout(() => timers.push(setInterval(edit, intervalMs)), (i / clients.length) * intervalMs))
    })
    await sleep(EDIT_MS)
    for (const timer of timers) clearInterval(timer)
    // Let the last edits reach the server before everyone leaves.
    await sleep(200)
    for (const client of clients) client.destroy()
    clients.length = 0

    const leftAt = performance.now()
    let unloadMs: number | null = null
    let reading = await sampler.sample()
    while (performance.now() - leftAt < UNLOAD_TIMEOUT_MS) {
      if (reading.connectionsOpen === 0 && reading.roomsLoaded === 0) {
        unloadMs = performance.now() - leftAt
        break
      }
      await sleep(UNLOAD_POLL_MS)
      reading = await sampler.sample()
    }
    return {
      index,
      rooms,
      connections: ROOMS_PER_CYCLE * CLIENTS_PER_ROOM,
      syncMs,
      roomsLoadedAfterSync,
      edits,
      unloadMs,
      rssAfterUnloadBytes: reading.rssBytes,
      heapAfterUnloadBytes: reading.heapUsedBytes,
      t: reading.t,
    }
  } finally {
    for (const timer of timers) clearInterval(timer)
    for (const client of clients) client.destroy()
  }
}

async function runSoak(server: BenchServer, durationSeconds: number): Promise<SoakResult> {
  const startedAt = performance.now()
  const sampler = new MemorySampler(server, startedAt)
  const metricsBefore = await fetchMetrics(server.httpUrl)
  const cpuBefore = readCpuSeconds(server.pid)
  const machineBefore = readMachineBusySeconds()
  const ownBefore = process.cpuUsage()
  const counters = { connected: 0 }
  const cycles: CycleResult[] = []
  // Bounded by time and, as a backstop, by count (no cycle is shorter than its editing).
  const maxCycles = Math.ceil((durationSeconds * 1000) / EDIT_MS) + 1
  try {
    const warmup = await runCycle(server, sampler, 0, counters)
    cycles.push(warmup)
    process.stdout.write(describeCycle(warmup))
    const start = await sampler.sample()
    const warmupEndT = start.t
    while (performance.now() - startedAt < durationSeconds * 1000 && cycles.length < maxCycles) {
      const cycle = await runCycle(server, sampler, cycles.length, counters)
      cycles.push(cycle)
      process.stdout.write(describeCycle(cycle))
    }
    await sleep(SETTLE_MS)
    const end = await sampler.sample()
    const metricsAfter = await fetchMetrics(server.httpUrl)
    const serverCpuSeconds = readCpuSeconds(server.pid) - cpuBefore
    const own = process.cpuUsage(ownBefore)
    const wallSeconds = (performance.now() - startedAt) / 1000
    const otherCpuSeconds = Math.max(0, readMachineBusySeconds() - machineBefore - serverCpuSeconds - (own.user + own.system) / 1e6)
    const delta = (name: string, label: string) => counterDelta(metricByLabel(metricsBefore, name, label), metricByLabel(metricsAfter, name, label))
    return {
      durationSeconds,
      samples: sampler.samples,
      cycles,
      warmupEndT,
      start,
      end,
      statusConnectedEvents: counters.connected,
      limitHits: delta('seed_limit_hits_total', 'limit'),
      closedByCode: delta('seed_connections_closed_total', 'code'),
      storeErrors: delta('seed_store_errors_total', 'operation'),
      serverCpuSeconds,
      otherCpus: otherCpuSeconds / wallSeconds,
      wallSeconds,
    }
  } finally {
    sampler.stop()
  }
}

function describeCycle(c: CycleResult): string {
  return (
    `cycle ${c.index}${c.index === 0 ? ' (warm-up)' : ''}: ${c.connections} clients in ${c.rooms.join(', ')} synced in ${c.syncMs.toFixed(0)} ms, ` +
    `${c.roomsLoadedAfterSync} rooms loaded, ${c.edits} edits; ` +
    (c.unloadMs === null ? `rooms NOT all unloaded within ${UNLOAD_TIMEOUT_MS} ms` : `all unloaded ${c.unloadMs.toFixed(0)} ms after leaving`) +
    `; RSS ${mib(c.rssAfterUnloadBytes)} MiB, heap used ${mib(c.heapAfterUnloadBytes)} MiB\n`
  )
}

interface Analysis {
  post: MemorySample[]
  periodic: MemorySample[]
  /** Once-a-second samples after the warm-up, per minute from the start reading. */
  minutes: { from: number; to: number; samples: MemorySample[] }[]
  checkpoints: { percent: number; sample: MemorySample }[]
  maxRss: MemorySample
  maxRssPost: MemorySample
  rssSlope: number
  heapSlope: number
  afterUnloadRssSlope: number
  endRatio: number
}

function analyze(result: SoakResult): Analysis {
  const post = result.samples.filter((s) => s.t >= result.warmupEndT).sort((a, b) => a.t - b.t)
  const periodic = post.filter((s) => s.periodic)
  const span = result.end.t - result.start.t
  const nearest = (t: number) => post.reduce((best, s) => (Math.abs(s.t - t) < Math.abs(best.t - t) ? s : best), post[0]!)
  const minutes = (samples: readonly { t: number }[]) => samples.map((s) => s.t / 60)
  const measured = result.cycles.filter((c) => c.index > 0)
  return {
    post,
    checkpoints: [0, 25, 50, 75, 100].map((percent) => ({
      percent,
      sample: percent === 0 ? result.start : percent === 100 ? result.end : nearest(result.start.t + (span * percent) / 100),
    })),
    maxRss: result.samples.reduce((a, b) => (b.rssBytes > a.rssBytes ? b : a)),
    maxRssPost: post.reduce((a, b) => (b.rssBytes > a.rssBytes ? b : a)),
    periodic,
    minutes: Array.from({ length: Math.ceil(span / 60) }, (_, k) => {
      const from = result.start.t + k * 60
      const to = Math.min(result.end.t, from + 60)
      return { from, to, samples: periodic.filter((s) => s.t >= from && s.t < to) }
    }).filter((m) => m.samples.length > 0),
    rssSlope: linearSlope(minutes(periodic), periodic.map((s) => s.rssBytes)),
    heapSlope: linearSlope(minutes(periodic), periodic.map((s) => s.heapUsedBytes)),
    afterUnloadRssSlope: linearSlope(minutes(measured), measured.map((c) => c.rssAfterUnloadBytes)),
    endRatio: result.end.rssBytes / result.start.rssBytes,
  }
}

function memoryCells(sample: MemorySample): string {
  return `${mib(sample.rssBytes)} | ${mib(sample.heapUsedBytes)} | ${mib(sample.heapTotalBytes)} | ${mib(sample.externalBytes)}`
}

function renderSoakSection(command: string, machine: MachineInfo, result: SoakResult, a: Analysis): string {
  const measured = result.cycles.filter((c) => c.index > 0)
  const unloaded = result.cycles.filter((c) => c.unloadMs !== null)
  const unloadTimes = summarize(unloaded.map((c) => c.unloadMs!))
  const syncTimes = summarize(result.cycles.map((c) => c.syncMs))
  const roomsLoaded = result.cycles.reduce((sum, c) => sum + c.roomsLoadedAfterSync, 0)
  const roomsUnloaded = unloaded.reduce((sum, c) => sum + c.roomsLoadedAfterSync, 0)
  const connections = result.cycles.reduce((sum, c) => sum + c.connections, 0)
  const edits = result.cycles.reduce((sum, c) => sum + c.edits, 0)
  const slope = (bytesPerMinute: number) => `${bytesPerMinute >= 0 ? '+' : ''}${mib(bytesPerMinute, 2)} MiB/min`
  const within = a.endRatio <= RATIO_OF_INTEREST
  const lines = [
    '## Soak: Seed memory across connect/disconnect cycles and room unloads',
    '',
    'Generated by `bench/soak.ts`; rerun to refresh. A measurement, not a test: nothing here passes or fails.',
    '',
    ...runHeaderLines(command, machine),
    `- Seed only (\`test-support/seed-process.ts\`, default config plus \`ROOM_UNLOAD_GRACE_MS=${UNLOAD_GRACE_MS}\`, LevelDB in a temp dir); the clients run in the bench process beside it.`,
    `- Other processes used ${result.otherCpus.toFixed(2)} CPUs on average over the run; Seed used ${(result.serverCpuSeconds / result.wallSeconds).toFixed(2)}.`,
    ...otherLoadWarning(result.otherCpus, 'over the run'),
    '',
    '### Setup',
    '',
    `- Each cycle: ${ROOMS_PER_CYCLE * CLIENTS_PER_ROOM} stock y-websocket clients join ${ROOMS_PER_CYCLE} rooms (${CLIENTS_PER_ROOM} each) of a pool of ${ROOM_POOL} taken in rotation`,
    `  (a room comes back every ${ROOM_POOL / ROOMS_PER_CYCLE} cycles, so it is loaded again from the store), set their awareness \`user\`, edit the`,
    `  room's Y.Text at ${EDIT_HZ} Hz each for ${EDIT_MS / 1000} s (insert a word at a random place; delete 200 characters once over ${MAX_TEXT_LENGTH}), and leave.`,
    `  The next cycle starts once Seed reports \`seed_connections_open\` 0 and \`seed_rooms_loaded\` 0 (polled every ${UNLOAD_POLL_MS} ms, at most ${UNLOAD_TIMEOUT_MS / 1000} s).`,
    `- Cycle 0 is a warm-up. Cycles keep starting for ${result.durationSeconds} s; after the last one's unload the bench waits ${SETTLE_MS / 1000} s and reads the end.`,
    `- Every ${SAMPLE_INTERVAL_MS / 1000} s: Seed's \`VmRSS\` (\`/proc/<pid>/status\`), and from \`/metrics\` \`seed_rooms_loaded\`, \`seed_connections_open\` and`,
    '  `seed_nodejs_heap_size_used_bytes` (V8 heap in use: tells a JavaScript leak from allocator behaviour),',
    '  `seed_nodejs_heap_size_total_bytes` and `seed_nodejs_external_memory_bytes`; "rest of RSS" (RSS − heap total − external) is',
    '  native memory: code, Node/V8 internals, LevelDB\'s memtable and block cache, malloc arenas of the libuv threads.',
    '- Slope: least squares over the once-a-second samples after the warm-up (RSS or heap against minutes).',
    '  Checkpoints at 25/50/75 % are the samples nearest those times, so they land anywhere in a cycle (rooms loaded or not).',
    '',
    '### Memory',
    '',
    '| Point | Time s | RSS MiB | Heap used MiB | Heap total MiB | External MiB | Rooms loaded | Connections open |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...a.checkpoints.map(({ percent, sample }) => {
      const label = percent === 0 ? 'start (after the warm-up cycle unloaded)' : percent === 100 ? 'end (after the last unload)' : `${percent} % of the run`
      return `| ${label} | ${sample.t.toFixed(0)} | ${memoryCells(sample)} | ${sample.roomsLoaded} | ${sample.connectionsOpen} |`
    }),
    `| max after the warm-up | ${a.maxRssPost.t.toFixed(0)} | ${memoryCells(a.maxRssPost)} | ${a.maxRssPost.roomsLoaded} | ${a.maxRssPost.connectionsOpen} |`,
    `| max overall | ${a.maxRss.t.toFixed(0)} | ${memoryCells(a.maxRss)} | ${a.maxRss.roomsLoaded} | ${a.maxRss.connectionsOpen} |`,
    '',
    'Per minute after the warm-up (once-a-second samples; the lows are what is left between collections, the highs include',
    'garbage V8 has not collected yet and the rooms of a running cycle):',
    '',
    '| Minute | Samples | RSS low MiB | RSS high MiB | Heap used low MiB | Heap used high MiB | Heap total at RSS low MiB | External at RSS low MiB | Rest of RSS at RSS low MiB |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...a.minutes.map((m, k) => {
      const low = (pick: (s: MemorySample) => number) => mib(Math.min(...m.samples.map(pick)))
      const high = (pick: (s: MemorySample) => number) => mib(Math.max(...m.samples.map(pick)))
      const atLow = m.samples.reduce((a, b) => (b.rssBytes < a.rssBytes ? b : a))
      return (
        `| ${k + 1} (${m.from.toFixed(0)}–${m.to.toFixed(0)} s) | ${m.samples.length} | ${low((s) => s.rssBytes)} | ${high((s) => s.rssBytes)} | ${low((s) => s.heapUsedBytes)} | ${high((s) => s.heapUsedBytes)} | ` +
        `${mib(atLow.heapTotalBytes)} | ${mib(atLow.externalBytes)} | ${mib(atLow.rssBytes - atLow.heapTotalBytes - atLow.externalBytes)} |`
      )
    }),
    '',
    `- RSS slope after the warm-up: **${slope(a.rssSlope)}** over ${a.periodic.length} once-a-second samples; heap-used slope: ${slope(a.heapSlope)}.`,
    `- RSS read right after each cycle's unload (all rooms gone), slope over the ${measured.length} measured cycles: ${slope(a.afterUnloadRssSlope)}.`,
    `  Per cycle (MiB): ${result.cycles.map((c) => mib(c.rssAfterUnloadBytes)).join(', ')}.`,
    `- **End RSS ÷ start RSS: ${a.endRatio.toFixed(3)}×** (${mib(result.end.rssBytes)} ÷ ${mib(result.start.rssBytes)} MiB): ` +
      (within ? `within ${RATIO_OF_INTEREST}× of the post-warm-up start.` : `**not** within ${RATIO_OF_INTEREST}× of the post-warm-up start.`),
    '- A leak shows in the heap left after a forced garbage collection, which this bench cannot force; the README\'s "Memory"',
    '  paragraph (Operating Seed) has that measurement and where RSS growth comes from.',
    '',
    '### Activity',
    '',
    `- Cycles: ${result.cycles.length} (1 warm-up + ${measured.length}); connections made: ${connections} (provider 'connected' events: ${result.statusConnectedEvents}); edits: ${edits}.`,
    `- Rooms loaded: ${roomsLoaded} (\`seed_rooms_loaded\` once every client of a cycle had synced, summed); unloaded: ${roomsUnloaded}` +
      ` (cycles whose rooms all unloaded in time: ${unloaded.length} of ${result.cycles.length}).`,
    `- Sync of a cycle's clients p50/max: ${ms(syncTimes.p50)} / ${ms(syncTimes.max)} ms. Leave → all unloaded p50/max: ${ms(unloadTimes.p50)} / ${ms(unloadTimes.max)} ms` +
      ` (grace ${UNLOAD_GRACE_MS} ms + compaction + polling).`,
    `- Seed counters over the run: limit hits ${formatCounts(result.limitHits)}; connections closed by code ${formatCounts(result.closedByCode)}; store errors ${formatCounts(result.storeErrors)}.`,
    '',
  ]
  return lines.join('\n')
}

async function main(): Promise<void> {
  const durationSeconds = readNumberEnv('SOAK_DURATION_S', { fallback: 180, min: 10, max: 3600, unit: 'seconds' })
  const machine = describeMachine()
  // Every y-websocket provider adds a process 'exit' listener (removed on destroy).
  process.setMaxListeners(ROOMS_PER_CYCLE * CLIENTS_PER_ROOM + 10)
  // Bound the whole run: the cycles, one last cycle started just before the end, unloads, start and stop.
  const liftTimeBound = boundRunTime('Soak', (durationSeconds + 180) * 1000)
  process.stdout.write(`Soak: Seed with ROOM_UNLOAD_GRACE_MS=${UNLOAD_GRACE_MS}, cycles of ${ROOMS_PER_CYCLE * CLIENTS_PER_ROOM} clients for ${durationSeconds} s\n`)
  const server = await startServer('seed', { seedEnv: SEED_ENV })
  let result: SoakResult
  try {
    result = await runSoak(server, durationSeconds)
  } finally {
    await server.dispose()
  }
  liftTimeBound()
  const a = analyze(result)
  process.stdout.write(
    `RSS start ${mib(result.start.rssBytes)} MiB, ` +
      a.checkpoints
        .slice(1, -1)
        .map(({ percent, sample }) => `${percent} % ${mib(sample.rssBytes)} MiB`)
        .join(', ') +
      `, end ${mib(result.end.rssBytes)} MiB, max ${mib(a.maxRssPost.rssBytes)} MiB (after warm-up) / ${mib(a.maxRss.rssBytes)} MiB (overall)\n` +
      `RSS slope ${mib(a.rssSlope, 2)} MiB/min, heap-used slope ${mib(a.heapSlope, 2)} MiB/min, after-unload RSS slope ${mib(a.afterUnloadRssSlope, 2)} MiB/min\n` +
      `End/start ${a.endRatio.toFixed(3)}× (${a.endRatio <= RATIO_OF_INTEREST ? 'within' : 'NOT within'} ${RATIO_OF_INTEREST}×); ${result.cycles.length} cycles, ` +
      `${result.cycles.reduce((sum, c) => sum + c.connections, 0)} connections, ${result.cycles.filter((c) => c.unloadMs !== null).length} cycles fully unloaded\n`,
  )
  for (const [k, m] of a.minutes.entries()) {
    const range = (pick: (s: MemorySample) => number) => `${mib(Math.min(...m.samples.map(pick)))}–${mib(Math.max(...m.samples.map(pick)))}`
    process.stdout.write(`minute ${k + 1}: RSS ${range((s) => s.rssBytes)} MiB, heap used ${range((s) => s.heapUsedBytes)} MiB\n`)
  }
  const command = commandLine('bench:soak', 'bench/soak.ts', ['SOAK_DURATION_S', 'MALLOC_ARENA_MAX'])
  await writeResultsSection('soak', renderSoakSection(command, machine, result, a))
}

runBenchmark(main)

