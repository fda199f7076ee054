/**
 * One cluster scenario against N running Seed instances: clients connect to
 * the instance a placement rule picks, writers write timestamped entries at a
 * fixed rate, and every other client records how long each entry took to
 * reach it, split by whether writer and receiver share an instance. All
 * clients live in this process, so sender and receiver share one clock.
 */
import { connectClient } from '../test-support/node-client.ts'
import { ProcessUsageMonitor, readCpuSeconds, readMachineBusySeconds } from './process-usage.ts'
import { observeEntries, withTimeout, writeAtPace, type PacedClient } from './scenario.ts'
import { summarize, type Summary } from './stats.ts'

/** Where clients go: each room on one instance (routing by room), or each room's clients round-robin over all. */
export type Placement = 'by-room' | 'spread'

export interface ClusterScenario {
  id: string
  title: string
  placement: Placement
  rooms: number
  clientsPerRoom: number
  writersPerRoom: number
  writesPerSecond: number
  durationSeconds: number
}

export interface ClusterInstance {
  wsUrl: string
  pid: number
}

export interface ClusterResult {
  scenario: ClusterScenario
  instances: number
  connections: number
  syncMs: Summary
  /** Receiver on the writer's instance. */
  sameInstanceMs: Summary
  /** Receiver on another instance: the update went through Redis. */
  crossInstanceMs: Summary
  /** Entries written (each one stored, and published once by its writer's instance). */
  writes: number
  writeWindowSeconds: number
  deliveredPerSecond: number
  missing: number
  /** Sum over the instances. */
  serverCpuSeconds: number
  /** Sum over the instances of each one's peak. */
  serverPeakRssBytes: number
  redisCpuSeconds: number
  clientCpuSeconds: number
  spanSeconds: number
  /** CPU of everything else on the machine (PostgreSQL included) over the span. */
  otherCpuSeconds: number
}

const SYNC_TIMEOUT_MS = 60_000
const DRAIN_TIMEOUT_MS = 15_000

interface Participant extends PacedClient {
  instance: number
}

export async function runClusterScenario(instances: ClusterInstance[], redisPid: number, scenario: ClusterScenario): Promise<ClusterResult> {
  const participants: Participant[] = []
  const same: number[] = []
  const cross: number[] = []
  const syncTimes: number[] = []
  const writerInstance: number[] = []
  const monitors = instances.map((instance) => ProcessUsageMonitor.start(instance.pid))
  const redisCpuAtStart = readCpuSeconds(redisPid)
  const clientCpuAtStart = process.cpuUsage()
  const machineBusyAtStart = readMachineBusySeconds()
  const spanStart = performance.now()
  let stopped = false
  try {
    const syncs: Promise<void>[] = []
    let writerCount = 0
    for (let room = 0; room < scenario.rooms; room++) {
      for (let i = 0; i < scenario.clientsPerRoom; i++) {
        const instance = scenario.placement === 'by-room' ? room % instances.length : i % instances.length
        const constructedAt = performance.now()
        const client = connectClient(instances[instance]!.wsUrl, `cluster-${scenario.id}-${instances.length}-${room}`)
        const writerId = i < scenario.writersPerRoom ? writerCount++ : null
        if (writerId !== null) writerInstance[writerId] = instance
        const participant: Participant = { client, room, instance, writerId, received: 0, expected: 0 }
        participants.push(participant)
        syncs.push(client.synced().then(() => void syncTimes.push(performance.now() - constructedAt)))
        observeEntries(client.doc, (latencyMs, _writtenAt, key) => {
          const from = writerInstance[Number(key.split(':')[0])]
          ;(from === participant.instance ? same : cross).push(latencyMs)
          participant.received += 1
        })
      }
    }
    await withTimeout(Promise.all(syncs), SYNC_TIMEOUT_MS, `${participants.length} clients to sync`)

    const { writes, writeWindowSeconds } = await writeAtPace(participants, scenario, DRAIN_TIMEOUT_MS)

    const usages = monitors.map((monitor) => monitor.stop())
    stopped = true
    const clientCpu = process.cpuUsage(clientCpuAtStart)
    const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6
    const serverCpuSeconds = usages.reduce((sum, usage) => sum + usage.cpuSeconds, 0)
    const redisCpuSeconds = readCpuSeconds(redisPid) - redisCpuAtStart
    const machineBusySeconds = readMachineBusySeconds() - machineBusyAtStart
    const readersReceived = participants.filter((p) => p.writerId === null).reduce((sum, p) => sum + p.received, 0)
    return {
      scenario,
      instances: instances.length,
      connections: participants.length,
      syncMs: summarize(syncTimes),
      sameInstanceMs: summarize(same),
      crossInstanceMs: summarize(cross),
      writes,
      writeWindowSeconds,
      deliveredPerSecond: readersReceived / writeWindowSeconds,
      missing: participants.reduce((sum, p) => sum + Math.max(0, p.expected - p.received), 0),
      serverCpuSeconds,
      serverPeakRssBytes: usages.reduce((sum, usage) => sum + usage.peakRssBytes, 0),
      redisCpuSeconds,
      clientCpuSeconds,
      spanSeconds: (performance.now() - spanStart) / 1000,
      otherCpuSeconds: Math.max(0, machineBusySeconds - serverCpuSeconds - redisCpuSeconds - clientCpuSeconds),
    }
  } finally {
    if (!stopped) for (const monitor of monitors) monitor.cancel()
    for (const p of participants) p.client.destroy()
  }
}
