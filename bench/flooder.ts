/**
 * The flooding client of bench/flood.ts, in its own process so that sending
 * thousands of frames never stalls the event loop of the process measuring
 * latency. Driven over IPC by FloodClient (below) from the parent:
 *
 * - `prepare`: builds the floods up front, each from its own Y.Doc: `messages`
 *   one-character text inserts, each 'update' event's bytes kept as one update.
 * - `flood`: frames one flood's updates as sync update messages in the
 *   server's framing (bench/flood-framing.ts), opens a fresh raw WebSocket to
 *   the room, waits until the server is ready (its first message; with
 *   Hocuspocus, the answer to the opening sync step 1 once the document is
 *   open), sends every frame as fast as `ws` takes them, then one sync step 1
 *   as a probe: a server that processed the whole flood answers it with sync
 *   step 2. Waits for that answer or for the server to close the socket (at
 *   most `settleMs`), closes it itself otherwise (waiting for the server's
 *   close reply: a server that stopped reading sends it only once it reads
 *   again), and reports what happened.
 *   Times are epoch milliseconds (performance.timeOrigin + performance.now())
 *   so the parent can map them onto its own clock.
 *
 * Run as a child process only (`node --import tsx bench/flooder.ts`).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { openRawSocket } from '../test-support/raw-socket.ts'
import { isSyncStep2, openingFrames, syncStep1Frame, updateFrame, type WireFormat } from './flood-framing.ts'

export interface PrepareCommand {
  type: 'prepare'
  floods: number
  messages: number
}

export interface FloodCommand {
  type: 'flood'
  index: number
  /** The providerUrl of the server: the socket goes to `${wsUrl}/${roomId}`. */
  wsUrl: string
  roomId: string
  framing: WireFormat
  /** How long to wait for the probe's answer or the server's close before closing ourselves. */
  settleMs: number
}

export interface FloodReport {
  index: number
  /** Frames handed to ws (the sync updates; the opening frames and the probe not counted). */
  sent: number
  bytesSent: number
  openedAt: number
  startedAt: number
  /** When the send loop returned (every frame queued in ws/the kernel). */
  sentAt: number
  /** When the sync step 2 answering the probe arrived: the server had handled every frame. */
  answeredAt: number | null
  closedAt: number | null
  /** When the bench started the closing handshake itself; null when the server closed first. */
  closeRequestedAt: number | null
  closeCode: number | null
  closeReason: string
  /**
   * 'server' when the server closed the socket, 'bench' when we closed it after the answer or settleMs and the server
   * answered the close, 'terminated' when it did not within CLOSE_WAIT_MS and we dropped the socket.
   */
  closedBy: 'server' | 'bench' | 'terminated'
}

/** `bytes`: of the updates themselves, before framing. */
type Reply = { type: 'prepared'; frames: number; bytes: number } | { type: 'flooded'; report: FloodReport } | { type: 'error'; message: string }

const CHILD_LIFETIME_MS = 15 * 60 * 1000
/** Long enough for Seed to read again after throttling a flood (its debt over its refill rate: about 3.3 s here). */
export const CLOSE_WAIT_MS = 10_000
const FIRST_MESSAGE_WAIT_MS = 10_000
const REPLY_TIMEOUT_MS = 60_000

const epochNow = () => performance.timeOrigin + performance.now()

function buildFloods(floods: number, messages: number): Uint8Array[][] {
  const all: Uint8Array[][] = []
  for (let f = 0; f < floods; f++) {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => void updates.push(update))
    const text = doc.getText('text')
    for (let i = 0; i < messages; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)))
    doc.destroy()
    all.push(updates)
  }
  return all
}

async function flood(command: FloodCommand, updates: readonly Uint8Array[]): Promise<FloodReport> {
  const { framing, roomId } = command
  const frames = updates.map((update) => updateFrame(framing, roomId, update))
  const openedAt = epochNow()
  const raw = await openRawSocket(command.wsUrl, roomId)
  const { socket } = raw
  let answeredAt: number | null = null
  let closedAt: number | null = null
  let closeCode: number | null = null
  let closeReason = ''
  let closeRequestedAt: number | null = null
  let settle: () => void = () => undefined
  const settled = new Promise<void>((resolve) => (settle = resolve))
  let startedAt = Number.POSITIVE_INFINITY
  socket.on('message', (data: Buffer) => {
    // A sync step 2 after the flood started answers our probe.
    if (epochNow() >= startedAt && answeredAt === null && isSyncStep2(framing, data)) {
      answeredAt = epochNow()
      settle()
    }
  })
  void raw.closed.then((closed) => {
    closedAt = epochNow()
    closeCode = closed.code
    closeReason = closed.reason
    settle()
  })
  // Hocuspocus sends nothing before our opening frames, so listening after 'open' misses nothing.
  const ready =
    framing === 'hocuspocus'
      ? new Promise<void>((resolve) =>
          socket.on('message', (data: Buffer) => {
            if (isSyncStep2(framing, data)) resolve()
          }),
        )
      : raw.firstMessage
  for (const opening of openingFrames(framing, roomId)) socket.send(opening)
  await Promise.race([ready, sleep(FIRST_MESSAGE_WAIT_MS)])

  startedAt = epochNow()
  let sent = 0
  let bytesSent = 0
  for (const frame of frames) {
    if (socket.readyState !== WebSocket.OPEN) break
    socket.send(frame)
    sent += 1
    bytesSent += frame.byteLength
  }
  if (socket.readyState === WebSocket.OPEN) socket.send(syncStep1Frame(framing, roomId))
  const sentAt = epochNow()

  await Promise.race([settled, sleep(command.settleMs)])
  if (closedAt === null) {
    closeRequestedAt = epochNow()
    socket.close(1000, 'flood over')
    await Promise.race([raw.closed, sleep(CLOSE_WAIT_MS)])
    if (closedAt === null) socket.terminate()
  }
  return {
    index: command.index,
    sent,
    bytesSent,
    openedAt,
    startedAt,
    sentAt,
    answeredAt,
    closedAt,
    closeRequestedAt,
    closeCode,
    closeReason,
    closedBy: closeRequestedAt === null ? 'server' : closedAt !== null && closedAt - closeRequestedAt < CLOSE_WAIT_MS ? 'bench' : 'terminated',
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function runChild(): void {
  let floods: Uint8Array[][] = []
  const reply = (message: Reply) => process.send!(message)
  process.on('disconnect', () => process.exit(0))
  setTimeout(() => process.exit(2), CHILD_LIFETIME_MS).unref()
  process.on('message', (message: PrepareCommand | FloodCommand) => {
    try {
      if (message.type === 'prepare') {
        floods = buildFloods(message.floods, message.messages)
        const all = floods.flat()
        reply({ type: 'prepared', frames: all.length, bytes: all.reduce((sum, f) => sum + f.byteLength, 0) })
        return
      }
      const frames = floods[message.index]
      if (!frames) throw new Error(`No flood ${message.index} prepared`)
      flood(message, frames).then(
        (report) => reply({ type: 'flooded', report }),
        (error: unknown) => reply({ type: 'error', message: String(error) }),
      )
    } catch (error) {
      reply({ type: 'error', message: String(error) })
    }
  })
}

/** The parent's handle on the flooder process. One command at a time. */
export class FloodClient {
  private constructor(private readonly child: ChildProcess) {}

  static start(): FloodClient {
    const child = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, SEED_BENCH_FLOODER: '1' },
    })
    return new FloodClient(child)
  }

  get pid(): number {
    return this.child.pid!
  }

  async prepare(floods: number, messages: number): Promise<{ frames: number; bytes: number }> {
    const answer = await this.request({ type: 'prepare', floods, messages })
    if (answer.type !== 'prepared') throw new Error(`Flooder answered ${answer.type} to prepare`)
    return answer
  }

  async flood(command: Omit<FloodCommand, 'type'>): Promise<FloodReport> {
    const answer = await this.request({ type: 'flood', ...command })
    if (answer.type !== 'flooded') throw new Error(`Flooder answered ${answer.type} to flood ${command.index}`)
    return answer.report
  }

  /** Kills the child (it also exits by itself when this process goes away). */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }

  private request(command: PrepareCommand | FloodCommand): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`Flooder did not answer ${command.type} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS)
      const onMessage = (message: Reply) => done(null, message)
      const onExit = (code: number | null, signal: string | null) => done(new Error(`Flooder exited (code ${code}, signal ${signal})`))
      const done = (error: Error | null, message?: Reply) => {
        clearTimeout(timer)
        this.child.off('message', onMessage)
        this.child.off('exit', onExit)
        if (error) reject(error)
        else if (message!.type === 'error') reject(new Error(`Flooder: ${message!.message}`))
        else resolve(message!)
      }
      this.child.on('message', onMessage)
      this.child.once('exit', onExit)
      this.child.send(command)
    })
  }
}

if (process.env.SEED_BENCH_FLOODER === '1' && process.send) runChild()
