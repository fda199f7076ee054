/**
 * One process of the many-rooms load generator (bench/many-rooms.ts). It
 * holds whole rooms — the writer and every reader of a room live in the same
 * process, so a latency is one clock's difference — and is driven over IPC:
 *
 * - `connect`: opens `clientsPerRoom` clients in each of its rooms (client 0
 *   of a room writes, the others read) and answers once every one synced;
 * - `step`: every writer writes timestamped entries (bench/scenario.ts) at
 *   `writesPerSecondPerRoom` for `durationSeconds`, then waits up to
 *   `drainMs` for every reader to receive every entry, and reports the
 *   latencies, the counts and its own CPU time over the step;
 * - `close`: destroys every client.
 *
 * Run as a child process only (`node --import tsx bench/room-load-worker.ts`).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import type { ServerKind } from './servers.ts'
import { observeEntries, sleep, withTimeout, writeEntry } from './scenario.ts'
import { waitFor } from '../test-support/node-client.ts'

const SYNC_TIMEOUT_MS = 60_000
const REPLY_TIMEOUT_MS = 180_000

export interface ConnectCommand {
  type: 'connect'
  server: { kind: ServerKind; providerUrl: string }
  roomIds: string[]
  clientsPerRoom: number
  /** Offsets the writer ids so that they are unique across workers. */
  firstWriterId: number
}

export interface StepCommand {
  type: 'step'
  writesPerSecondPerRoom: number
  durationSeconds: number
  drainMs: number
}

export interface StepReport {
  /** Writer timestamp to a reader's observer, ms, rounded to 0.01 ms. */
  latenciesMs: number[]
  writes: number
  /** Entries readers should have received (writes × readers per room). */
  expected: number
  received: number
  writeWindowSeconds: number
  cpuSeconds: number
}

type Command = ConnectCommand | StepCommand | { type: 'close' }
type Reply = { type: 'connected' } | { type: 'stepped'; report: StepReport } | { type: 'closed' } | { type: 'error'; message: string }

interface LoadRoom {
  writer: BenchClient
  writerId: number
  readers: { client: BenchClient; received: number }[]
  writes: number
}

function runChild(): void {
  const send = (reply: Reply) => process.send!(reply)
  const rooms: LoadRoom[] = []
  let latencies: number[] = []

  const connect = async (command: ConnectCommand) => {
    const syncs: Promise<void>[] = []
    command.roomIds.forEach((roomId, index) => {
      const clients = Array.from({ length: command.clientsPerRoom }, () => connectBenchClient(command.server, roomId))
      const room: LoadRoom = { writer: clients[0]!, writerId: command.firstWriterId + index, readers: [], writes: 0 }
      for (const client of clients.slice(1)) {
        const reader = { client, received: 0 }
        observeEntries(client.doc, (latencyMs) => {
          latencies.push(Math.round(latencyMs * 100) / 100)
          reader.received += 1
        })
        room.readers.push(reader)
      }
      rooms.push(room)
      syncs.push(...clients.map((client) => client.synced()))
    })
    await withTimeout(Promise.all(syncs), SYNC_TIMEOUT_MS, `${syncs.length} clients to sync`)
  }

  const step = async (command: StepCommand): Promise<StepReport> => {
    latencies = []
    const cpuAtStart = process.cpuUsage()
    for (const room of rooms) {
      room.writes = 0
      for (const reader of room.readers) reader.received = 0
    }
    const intervalMs = 1000 / command.writesPerSecondPerRoom
    const timers: NodeJS.Timeout[] = []
    const started = performance.now()
    rooms.forEach((room, index) => {
      const write = () => writeEntry(room.writer.doc, room.writerId, room.writes++)
      // Spread the rooms over one interval so their writes do not all fire together.
      timers.push(
        setTimeout(
          () => {
            write()
            timers.push(setInterval(write, intervalMs))
          },
          (index / rooms.length) * intervalMs,
        ),
      )
    })
    await sleep(command.durationSeconds * 1000)
    for (const timer of timers) clearInterval(timer)
    const writeWindowSeconds = (performance.now() - started) / 1000
    const allReceived = () => rooms.every((room) => room.readers.every((reader) => reader.received >= room.writes))
    await waitFor(allReceived, 'every entry to reach every reader', command.drainMs).catch(() => {
      // Counted as not received below.
    })
    const cpu = process.cpuUsage(cpuAtStart)
    let writes = 0
    let expected = 0
    let received = 0
    for (const room of rooms) {
      writes += room.writes
      expected += room.writes * room.readers.length
      for (const reader of room.readers) received += Math.min(reader.received, room.writes)
    }
    return { latenciesMs: latencies, writes, expected, received, writeWindowSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
  }

  // Every y-websocket provider adds a process 'exit' listener (removed on destroy); dozens at once are expected here.
  process.setMaxListeners(0)
  process.on('disconnect', () => process.exit(0))
  process.on('message', (command: Command) => {
    const fail = (error: unknown) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
    if (command.type === 'connect') connect(command).then(() => send({ type: 'connected' }), fail)
    else if (command.type === 'step') step(command).then((report) => send({ type: 'stepped', report }), fail)
    else {
      for (const room of rooms) for (const client of [room.writer, ...room.readers.map((r) => r.client)]) client.destroy()
      rooms.length = 0
      send({ type: 'closed' })
    }
  })
}

/** The parent's handle on one worker process. One command at a time. */
export class RoomLoadWorker {
  private constructor(private readonly child: ChildProcess) {}

  static start(): RoomLoadWorker {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, SEED_BENCH_ROOM_LOAD_WORKER: '1' },
    })
    return new RoomLoadWorker(child)
  }

  get pid(): number {
    return this.child.pid!
  }

  async connect(command: Omit<ConnectCommand, 'type'>): Promise<void> {
    await this.request({ type: 'connect', ...command })
  }

  async step(command: Omit<StepCommand, 'type'>): Promise<StepReport> {
    const reply = await this.request({ type: 'step', ...command })
    if (reply.type !== 'stepped') throw new Error(`Load worker answered ${reply.type} to step`)
    return reply.report
  }

  async close(): Promise<void> {
    await this.request({ type: 'close' }).catch(() => undefined)
    this.stop()
  }

  /** Kills the child (it also exits by itself when this process goes away). */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }

  private request(command: Command): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`Load worker did not answer ${command.type} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS)
      const onMessage = (message: Reply) => done(null, message)
      const onExit = (code: number | null, signal: string | null) => done(new Error(`Load worker exited (code ${code}, signal ${signal})`))
      const done = (error: Error | null, message?: Reply) => {
        clearTimeout(timer)
        this.child.off('message', onMessage)
        this.child.off('exit', onExit)
        if (error) reject(error)
        else if (message!.type === 'error') reject(new Error(`Load worker: ${message!.message}`))
        else resolve(message!)
      }
      this.child.on('message', onMessage)
      this.child.once('exit', onExit)
      this.child.send(command)
    })
  }
}

if (process.env.SEED_BENCH_ROOM_LOAD_WORKER === '1' && process.send) runChild()
