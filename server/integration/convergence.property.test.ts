import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pino } from 'pino'
import { loadConfig } from '../config.ts'
import { startSeedServer, type SeedServer } from '../seed-server.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'

const RUNS = Number(process.env.SEED_PROPERTY_RUNS ?? 100)
const CLIENTS = 3

type Command =
  | { kind: 'insert'; client: number; at: number; text: string }
  | { kind: 'delete'; client: number; at: number; length: number }
  | { kind: 'format'; client: number; at: number; length: number; bold: boolean }
  | { kind: 'disconnect'; client: number }
  | { kind: 'reconnect'; client: number }
  | { kind: 'restart-server' }
  | { kind: 'settle'; ms: number }

const client = fc.integer({ min: 0, max: CLIENTS - 1 })
const position = fc.double({ min: 0, max: 1, noNaN: true })
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), client, at: position, text: fc.string({ minLength: 1, maxLength: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), client, at: position, length: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('format' as const), client, at: position, length: fc.integer({ min: 1, max: 5 }), bold: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), client }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart-server' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const), ms: fc.integer({ min: 0, max: 15 }) }) },
)

const silent = pino({ level: 'silent' })

describe('convergence under random edits, disconnects and restarts', () => {
  it(`converges in ${RUNS} random runs (fast-check prints the seed on failure)`, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'seed-prop-'))
    const start = (port: number) => startSeedServer(loadConfig({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir }), silent)
    let server: SeedServer = await start(0)
    const port = server.port
    const wsUrl = `ws://127.0.0.1:${port}/ws`
    let run = 0

    try {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
          const room = `prop-${run++}`
          const clients: NodeClient[] = Array.from({ length: CLIENTS }, () => connectClient(wsUrl, room))
          for (const c of clients) c.provider.maxBackoffTime = 50
          try {
            await Promise.all(clients.map((c) => c.synced()))
            for (const step of commands) {
              if (step.kind === 'restart-server') {
                await server.close()
                server = await start(port)
              } else if (step.kind === 'settle') {
                await new Promise((resolve) => setTimeout(resolve, step.ms))
              } else {
                apply(clients[step.client]!, step)
              }
            }
            for (const c of clients) if (!c.provider.shouldConnect) c.provider.connect()
            const deltas = () => clients.map((c) => JSON.stringify(c.text.toDelta()))
            await waitFor(() => new Set(deltas()).size === 1 && clients.every((c) => c.provider.synced), 'all three clients converge', 15_000)

            const fresh = connectClient(wsUrl, room)
            try {
              await fresh.synced()
              await waitFor(() => JSON.stringify(fresh.text.toDelta()) === deltas()[0], 'a fresh client sees the same document', 5_000)
            } finally {
              fresh.destroy()
            }
          } finally {
            for (const c of clients) c.destroy()
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      )
    } finally {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    }
    expect(run).toBeGreaterThanOrEqual(RUNS)
  }, 600_000)
})

function apply(c: NodeClient, step: Exclude<Command, { kind: 'restart-server' } | { kind: 'settle' }>): void {
  const length = c.text.length
  const at = 'at' in step ? Math.floor(step.at * length) : 0
  switch (step.kind) {
    case 'insert':
      c.text.insert(at, step.text)
      return
    case 'delete':
      if (length > 0) c.text.delete(Math.min(at, length - 1), Math.min(step.length, length - Math.min(at, length - 1)))
      return
    case 'format':
      if (length > 0) c.text.format(Math.min(at, length - 1), step.length, { bold: step.bold ? true : null })
      return
    case 'disconnect':
      c.provider.disconnect()
      return
    case 'reconnect':
      c.provider.connect()
      return
  }
}
