/**
 * A client that stops reading while another client of its room writes: how
 * long until the server lets go of it, and how much the server's memory grew
 * meanwhile. The sleeper is a raw socket (bench/hostile-socket.ts) that joins
 * its room like a client, then pauses its TCP socket; the writer is a stock
 * client (bench/bench-client.ts) that replaces one Y.Map value with fresh
 * random text at a fixed byte rate, so every byte must reach the sleeper
 * while the document itself stays small. The drop is read
 * from the kernel (bench/tcp-state.ts); afterwards the sleeper reads again to
 * see whether a close frame had been sent.
 */
import { randomBytes } from 'node:crypto'
import { connectBenchClient } from './bench-client.ts'
import { framingFor } from './hostile-framing.ts'
import { HostileSocket } from './hostile-socket.ts'
import { isProcessAlive } from './process-alive.ts'
import { ProcessUsageMonitor, readStatusBytes } from './process-usage.ts'
import { sleep, withTimeout } from './scenario.ts'
import type { BenchServer } from './servers.ts'
import { serverSocketState } from './tcp-state.ts'

export interface SlowConsumerOptions {
  room: string
  bytesPerSecond: number
  /** Give up waiting for the drop after this long. */
  boundMs: number
}

export interface SlowConsumerResult {
  /** From the first write to the server's socket leaving ESTABLISHED; null when it still held it at the bound. */
  droppedAfterMs: number | null
  /** The server socket's state then (null: already gone from /proc/net/tcp). */
  serverState: string | null
  /** What the sleeper saw once it read again: code 1006 means no close frame; null when the bench closed it at the bound. */
  close: { code: number; reason: string } | null
  /** Hocuspocus: the reason of a document close message the sleeper found once it read again. */
  documentCloseReason: string | null
  bytesWritten: number
  /** Most bytes the kernel held in the server's send queue meanwhile (not part of RSS). */
  maxKernelQueueBytes: number
  rssBeforeBytes: number
  /** At the drop, or at the bound. */
  rssAtEndBytes: number
  peakRssBytes: number
  crashed: boolean
}

export const WRITE_INTERVAL_MS = 50
const POLL_MS = 100
const JOIN_TIMEOUT_MS = 10_000
const SYNC_TIMEOUT_MS = 30_000
/** After the drop: time for the sleeper to read its backlog and find a close frame, if any. */
export const READ_BACK_MS = 5_000

export async function measureSlowConsumer(server: BenchServer, options: SlowConsumerOptions): Promise<SlowConsumerResult> {
  const serverPort = Number(new URL(server.providerUrl).port)
  const sleeper = new HostileSocket(framingFor(server), options.room)
  const writer = connectBenchClient(server, options.room)
  let writing: NodeJS.Timeout | undefined
  let usage: ProcessUsageMonitor | null = null
  try {
    const handshake = await withTimeout(sleeper.handshake, JOIN_TIMEOUT_MS, 'the sleeper to connect')
    if (handshake.type !== 'open') throw new Error(`The sleeper could not connect: ${JSON.stringify(handshake)}`)
    await withTimeout(sleeper.joined, JOIN_TIMEOUT_MS, 'the sleeper to join its room')
    await withTimeout(writer.synced(), SYNC_TIMEOUT_MS, 'the writer to sync')
    sleeper.socket.pause()

    const blob = writer.doc.getMap<string>('blob')
    const chunkChars = Math.round((options.bytesPerSecond * WRITE_INTERVAL_MS) / 1000)
    let bytesWritten = 0
    let maxKernelQueueBytes = 0
    usage = ProcessUsageMonitor.start(server.pid)
    const started = performance.now()
    const write = () => {
      // Base64 of random bytes: nothing a compressing transport could shrink.
      blob.set('value', randomBytes(Math.ceil((chunkChars * 3) / 4)).toString('base64').slice(0, chunkChars))
      bytesWritten += chunkChars
    }
    write()
    writing = setInterval(write, WRITE_INTERVAL_MS)

    let droppedAfterMs: number | null = null
    let serverState: string | null = 'ESTABLISHED'
    let crashed = false
    while (performance.now() - started < options.boundMs) {
      await sleep(POLL_MS)
      if (!isProcessAlive(server.pid)) {
        crashed = true
        break
      }
      const socket = serverSocketState(serverPort, handshake.localPort)
      maxKernelQueueBytes = Math.max(maxKernelQueueBytes, socket.sendQueueBytes)
      if (socket.state !== 'ESTABLISHED') {
        droppedAfterMs = performance.now() - started
        serverState = socket.state
        break
      }
    }
    clearInterval(writing)
    const rssAtEndBytes = crashed ? Number.NaN : readStatusBytes(server.pid, 'VmRSS')
    const memory = crashed ? { rssAtStartBytes: Number.NaN, peakRssBytes: Number.NaN } : usage.stop()

    let close: SlowConsumerResult['close'] = null
    if (droppedAfterMs !== null || crashed) {
      sleeper.socket.resume()
      const closed = await Promise.race([sleeper.closed, sleep(READ_BACK_MS).then(() => null)])
      close = closed && { code: closed.code, reason: closed.reason }
    }
    return {
      droppedAfterMs,
      serverState,
      close,
      documentCloseReason: sleeper.documentClosed?.reason ?? null,
      bytesWritten,
      maxKernelQueueBytes,
      rssBeforeBytes: memory.rssAtStartBytes,
      rssAtEndBytes,
      peakRssBytes: memory.peakRssBytes,
      crashed,
    }
  } finally {
    clearInterval(writing)
    usage?.cancel()
    sleeper.terminate()
    writer.destroy()
  }
}
