/**
 * The cases of the large-document benchmark (bench/large-document.ts,
 * bench/quick.ts): build a document of N MiB of text in one room, then time
 * how long a fresh client takes to hold all of it, with the server's peak RSS.
 */
import { connectBenchClient, type BenchClient } from './bench-client.ts'
import { mib } from './report.ts'
import { ProcessUsageMonitor, readMachineBusySeconds } from './process-usage.ts'
import { sleep } from './scenario.ts'
import { startServer, type BenchServer, type ServerKind } from './servers.ts'
import { startPacedProxy } from '../test-support/paced-proxy.ts'
import { waitFor } from '../test-support/node-client.ts'

export const MIB = 1024 * 1024
/** 10 Mbit/s. */
export const PACED_BYTES_PER_SECOND = 10_000_000 / 8
export const OPEN_TIMEOUT_MS = 120_000
/** Hocuspocus stores after a pause in editing (debounce 2 s, at most 10 s): wait past it before the crash. */
export const SETTLE_BEFORE_KILL_MS = 12_000
const ROOM = 'large-document'

export type CaseName = 'warm' | 'after restart' | '10 Mbit/s link'

export interface CaseResult {
  name: CaseName
  /** Provider construction to holding the whole text; null when it did not within the timeout. */
  completeMs: number | null
  /** Connections the client lost on the way (each one a restart of the transfer). */
  reconnects: number
  serverPeakRssBytes: number
  otherCpus: number
}

export interface ServerResult {
  server: ServerKind
  documentBytes: number
  cases: CaseResult[]
}

const chunkText = (i: number) => String.fromCharCode(97 + (i % 26)).repeat(MIB)

export async function buildDocument(server: BenchServer, megabytes: number): Promise<void> {
  const author = connectBenchClient(server, ROOM)
  try {
    await author.synced()
    const text = author.doc.getText('text')
    for (let i = 0; i < megabytes; i++) {
      text.insert(text.length, chunkText(i))
      // One megabyte per turn, so the socket drains as it goes.
      await sleep(20)
    }
    const checker = connectBenchClient(server, ROOM)
    try {
      await waitFor(() => checker.doc.getText('text').length === megabytes * MIB, 'the server to hold the whole document', OPEN_TIMEOUT_MS)
    } finally {
      checker.destroy()
    }
  } finally {
    author.destroy()
  }
}

export async function openCase(name: CaseName, server: BenchServer, megabytes: number, connect: () => BenchClient): Promise<CaseResult> {
  const usage = ProcessUsageMonitor.start(server.pid)
  const machineAtStart = readMachineBusySeconds()
  const started = performance.now()
  const client = connect()
  let completeMs: number | null = null
  try {
    await waitFor(() => client.doc.getText('text').length === megabytes * MIB, `${name}: the whole document`, OPEN_TIMEOUT_MS)
    completeMs = performance.now() - started
  } catch {
    // Reported as not opened.
  }
  const reconnects = client.closeCodes.length
  client.destroy()
  const span = (performance.now() - started) / 1000
  const serverUsage = usage.stop()
  const otherCpus = Math.max(0, readMachineBusySeconds() - machineAtStart - serverUsage.cpuSeconds) / span
  return { name, completeMs, reconnects, serverPeakRssBytes: serverUsage.peakRssBytes, otherCpus }
}

/** Builds the document on a fresh server, then runs `names` in the order warm, after restart, 10 Mbit/s link. */
export async function runServer(kind: ServerKind, megabytes: number, names: readonly CaseName[] = ['warm', 'after restart', '10 Mbit/s link']): Promise<ServerResult> {
  const server = await startServer(kind)
  try {
    await buildDocument(server, megabytes)
    const cases: CaseResult[] = []
    const report = (result: CaseResult) => {
      cases.push(result)
      const time = result.completeMs === null ? `not complete after ${OPEN_TIMEOUT_MS / 1000} s` : `${(result.completeMs / 1000).toFixed(2)} s`
      process.stdout.write(`  ${result.name}: ${time}, ${result.reconnects} reconnects, server peak RSS ${mib(result.serverPeakRssBytes, 0)} MiB\n`)
    }
    if (names.includes('warm')) report(await openCase('warm', server, megabytes, () => connectBenchClient(server, ROOM)))
    if (names.includes('after restart')) {
      await sleep(SETTLE_BEFORE_KILL_MS)
      await server.kill()
      await server.restart()
      report(await openCase('after restart', server, megabytes, () => connectBenchClient(server, ROOM)))
    }
    if (names.includes('10 Mbit/s link')) {
      const proxy = await startPacedProxy(Number(new URL(server.httpUrl).port), PACED_BYTES_PER_SECOND)
      try {
        const providerUrl = server.providerUrl.replace(/:\d+/, `:${proxy.port}`)
        report(await openCase('10 Mbit/s link', server, megabytes, () => connectBenchClient({ kind, providerUrl }, ROOM)))
      } finally {
        await proxy.close()
      }
    }
    return { server: kind, documentBytes: megabytes * MIB, cases }
  } finally {
    await server.dispose()
  }
}
