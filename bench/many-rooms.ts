/**
 * `npm run bench:many-rooms`: many-rooms saturation, Seed beside the
 * reference y-websocket server and Hocuspocus in one run (bench/many-rooms-run.ts),
 * written to the many-rooms section of bench/RESULTS.md.
 * MANY_ROOMS_STEP_S sets the seconds of writing per step.
 */
import { measureEachServer, runBenchmark } from './benchmark-process.ts'
import { readNumberEnv } from './env-number.ts'
import { describeMachine } from './machine.ts'
import { describeStep, renderManyRoomsSection } from './many-rooms-report.ts'
import { runManyRooms, type ManyRoomsSpec } from './many-rooms-run.ts'
import { commandLine, writeResultsSection } from './report.ts'
import type { ServerKind } from './servers.ts'

const SERVERS: ServerKind[] = ['seed', 'reference', 'hocuspocus']

async function main(): Promise<void> {
  const spec: ManyRoomsSpec = {
    rooms: 50,
    clientsPerRoom: 4,
    workers: 4,
    rates: [800, 1600, 3200, 4800, 6400, 9600, 12800],
    stepSeconds: readNumberEnv('MANY_ROOMS_STEP_S', { fallback: 8, min: 2, max: 120, unit: 'seconds' }),
    maxP99Ms: 100,
    minDeliveryRatio: 0.99,
  }
  const machine = describeMachine()
  const results = await measureEachServer(SERVERS, (spec.rates.length * (spec.stepSeconds + 20) + 120) * 1000, (kind) =>
    runManyRooms(kind, spec, (step) => process.stdout.write(`  ${describeStep(step)}\n`)),
  )
  await writeResultsSection('many-rooms', renderManyRoomsSection({ command: commandLine('bench:many-rooms', 'bench/many-rooms.ts', ['MANY_ROOMS_STEP_S']), machine, spec, results }))
}

runBenchmark(main)
