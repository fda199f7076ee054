/**
 * The many-rooms saturation run (bench/many-rooms.ts, bench/quick.ts): 50
 * rooms × 4 clients, one writer per room, the total insert rate stepped up
 * until p99 passes the latency bound or the delivery ratio drops below its
 * bound. The clients are spread over several load-generator processes
 * (bench/room-load-worker.ts), each holding whole rooms, so the generator is
 * not the bottleneck; their CPU is measured and reported beside the server's.
 */
import { ProcessUsageMonitor, readCpuSeconds, readMachineBusySeconds } from './process-usage.ts'
import { RoomLoadWorker, type StepReport } from './room-load-worker.ts'
import { startServer, type ServerKind } from './servers.ts'
import { summarize, type Summary } from './stats.ts'

export interface ManyRoomsSpec {
  rooms: number
  clientsPerRoom: number
  workers: number
  /** Total inserts per second over all rooms, in the order tried. */
  rates: number[]
  stepSeconds: number
  /** A step fails when its p99 passes this (ms)… */
  maxP99Ms: number
  /** …or when fewer than this share of the deliveries arrived. */
  minDeliveryRatio: number
}

export interface ManyRoomsStep {
  rate: number
  /** Inserts actually made per second. */
  writesPerSecond: number
  deliveredPerSecond: number
  deliveryRatio: number
  latencyMs: Summary
  /** Server CPU over the step (write window and drain), in CPUs. */
  serverCpus: number
  serverPeakRssBytes: number
  /** All load-generator processes together, in CPUs. */
  generatorCpus: number
  /** The rest of the machine, in CPUs (other people's work on a shared machine). */
  otherCpus: number
  passed: boolean
}

export interface ManyRoomsResult {
  server: ServerKind
  steps: ManyRoomsStep[]
  /** The highest rate whose step passed (0 when none did). */
  sustainedRate: number
}

const DRAIN_MS = 5000

/** Seed's per-client rate limit would throttle a robot writing hundreds of inserts per second; the other servers have none. */
export const SEED_BENCH_ENV = { MAX_MESSAGES_PER_SECOND: '100000', MAX_CONNECTIONS_PER_IP: '100000' }

export async function runManyRooms(kind: ServerKind, spec: ManyRoomsSpec, onStep: (step: ManyRoomsStep) => void): Promise<ManyRoomsResult> {
  const server = await startServer(kind, { seedEnv: SEED_BENCH_ENV })
  const workers = Array.from({ length: spec.workers }, () => RoomLoadWorker.start())
  const steps: ManyRoomsStep[] = []
  try {
    const roomIds = Array.from({ length: spec.rooms }, (_, i) => `many-rooms-${i}`)
    await Promise.all(
      workers.map((worker, w) => {
        const mine = roomIds.filter((_, i) => i % spec.workers === w)
        return worker.connect({ server: { kind, providerUrl: server.providerUrl }, roomIds: mine, clientsPerRoom: spec.clientsPerRoom, firstWriterId: w * spec.rooms })
      }),
    )
    for (const rate of spec.rates) {
      const step = await measureStep(server.pid, workers, spec, rate)
      steps.push(step)
      onStep(step)
      if (!step.passed) break
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.close()))
    await server.dispose()
  }
  return { server: kind, steps, sustainedRate: Math.max(0, ...steps.filter((s) => s.passed).map((s) => s.rate)) }
}

async function measureStep(serverPid: number, workers: RoomLoadWorker[], spec: ManyRoomsSpec, rate: number): Promise<ManyRoomsStep> {
  const usage = ProcessUsageMonitor.start(serverPid)
  const workerCpuAtStart = workers.map((worker) => readCpuSeconds(worker.pid))
  const machineAtStart = readMachineBusySeconds()
  const started = performance.now()
  let reports: StepReport[]
  try {
    reports = await Promise.all(
      workers.map((worker) => worker.step({ writesPerSecondPerRoom: rate / spec.rooms, durationSeconds: spec.stepSeconds, drainMs: DRAIN_MS })),
    )
  } catch (error) {
    usage.cancel()
    throw error
  }
  const serverUsage = usage.stop()
  const span = (performance.now() - started) / 1000
  const generatorCpu = workers.reduce((sum, worker, i) => sum + readCpuSeconds(worker.pid) - workerCpuAtStart[i]!, 0)
  const otherCpu = Math.max(0, readMachineBusySeconds() - machineAtStart - serverUsage.cpuSeconds - generatorCpu)
  const window = Math.max(...reports.map((r) => r.writeWindowSeconds))
  const sum = (pick: (r: StepReport) => number) => reports.reduce((total, r) => total + pick(r), 0)
  const latencyMs = summarize(reports.flatMap((r) => r.latenciesMs))
  const deliveryRatio = sum((r) => r.expected) === 0 ? 0 : sum((r) => r.received) / sum((r) => r.expected)
  return {
    rate,
    writesPerSecond: sum((r) => r.writes) / window,
    deliveredPerSecond: sum((r) => r.received) / window,
    deliveryRatio,
    latencyMs,
    serverCpus: serverUsage.cpuSeconds / span,
    serverPeakRssBytes: serverUsage.peakRssBytes,
    generatorCpus: generatorCpu / span,
    otherCpus: otherCpu / span,
    passed: latencyMs.p99 <= spec.maxP99Ms && deliveryRatio >= spec.minDeliveryRatio,
  }
}
