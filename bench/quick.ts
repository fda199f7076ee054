/**
 * `npm run bench:quick`: a regression guard in under two minutes. A short
 * many-rooms saturation (bench/many-rooms-run.ts: fewer, shorter steps) and a
 * 10 MiB document opened warm (bench/large-document-run.ts), Seed beside the
 * reference y-websocket server, printing the headline ratios. Later work
 * reruns it to check it did not make Seed slower; the full benchmarks
 * (bench:many-rooms, bench:large-document) are the ones to quote.
 */
import { boundRunTime, runBenchmark } from './benchmark-process.ts'
import { runServer as runLargeDocument } from './large-document-run.ts'
import { describeMachine } from './machine.ts'
import { describeStep, manyRoomsHeadline } from './many-rooms-report.ts'
import { runManyRooms, type ManyRoomsResult, type ManyRoomsSpec } from './many-rooms-run.ts'
import { formatRatio } from './report.ts'
import { SERVER_LABELS, type ServerKind } from './servers.ts'

const SERVERS: ServerKind[] = ['seed', 'reference']
const TIME_BOUND_MS = 170_000
const LARGE_DOCUMENT_MB = 10

async function main(): Promise<void> {
  const started = performance.now()
  const machine = describeMachine()
  const liftTimeBound = boundRunTime('bench:quick', TIME_BOUND_MS)
  process.stdout.write(
    `bench:quick on ${machine.nproc} CPUs (${machine.cpuModel}), load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' / ')}: ` +
      'other work on the machine skews these figures.\n',
  )

  const spec: ManyRoomsSpec = { rooms: 50, clientsPerRoom: 4, workers: 4, rates: [1600, 3200, 6400], stepSeconds: 3, maxP99Ms: 100, minDeliveryRatio: 0.99 }
  const manyRooms: ManyRoomsResult[] = []
  for (const kind of SERVERS) {
    process.stdout.write(`Many rooms, ${SERVER_LABELS[kind]}\n`)
    manyRooms.push(await runManyRooms(kind, spec, (step) => process.stdout.write(`  ${describeStep(step)}\n`)))
  }
  const opens = new Map<ServerKind, number | null>()
  for (const kind of SERVERS) {
    process.stdout.write(`${LARGE_DOCUMENT_MB} MiB document, ${SERVER_LABELS[kind]}\n`)
    const result = await runLargeDocument(kind, LARGE_DOCUMENT_MB, ['warm'])
    opens.set(kind, result.cases[0]?.completeMs ?? null)
  }
  liftTimeBound()

  const seedOpen = opens.get('seed')
  const referenceOpen = opens.get('reference')
  const lines = [
    '',
    'Headline (Seed / reference; for times and CPU below 1 is better, for rates above 1 is better):',
    ...manyRoomsHeadline(manyRooms).map((line) => `  ${line}`),
    `  ${LARGE_DOCUMENT_MB} MiB document opened warm: Seed / reference ${seedOpen && referenceOpen ? formatRatio(seedOpen / referenceOpen) : '– (one did not finish)'}`,
    `Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

runBenchmark(main)
