/**
 * One hostile member sends valid updates mutated at random (bytes flipped,
 * cut short, spliced), as sync updates and sync step 2, while two honest
 * members of its room edit. Whatever it sends: the honest members are never
 * closed and converge, every room loads again once unloaded, and the server
 * starts again after a SIGKILL with every room readable.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { decoderDisagreementUpdate } from '../../test-support/bad-inputs.ts'
import { connectClient, waitFor, type NodeClient } from '../../test-support/node-client.ts'
import { openRawSocket, type RawSocket } from '../../test-support/raw-socket.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'

const RUNS = Number(process.env.SEED_PROPERTY_RUNS ?? 12)

type Mutation = { kind: 'flip'; at: number; xor: number } | { kind: 'truncate'; at: number } | { kind: 'splice'; at: number; remove: number; insert: Uint8Array }

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('splice' as const), at: position, remove: fc.integer({ min: 0, max: 4 }), insert: fc.uint8Array({ maxLength: 6 }) }),
)
const hostileSend = fc.record({
  /** Which valid update to start from: often the readers' disagreement (the attack), else one of baseUpdates. */
  base: fc.oneof({ weight: 1, arbitrary: fc.constant('disagreement' as const) }, { weight: 2, arbitrary: fc.nat() }),
  mutations: fc.array(mutation, { maxLength: 2 }),
  asSyncStep2: fc.boolean(),
  /** Sent twice back to back: the copies likely share a write batch (merged with Y.mergeUpdates). */
  twice: fc.boolean(),
  /** Before the honest edit of the step: in a fresh room, the room's first record. */
  beforeHonestEdit: fc.boolean(),
  honestEdit: fc.string({ minLength: 1, maxLength: 4 }),
})

function mutate(update: Uint8Array, mutation: Mutation): Uint8Array {
  const index = Math.floor(mutation.at * update.length)
  switch (mutation.kind) {
    case 'truncate':
      return update.slice(0, index)
    case 'flip': {
      const flipped = update.slice()
      if (flipped.length > 0) flipped[index] = flipped[index]! ^ mutation.xor
      return flipped
    }
    case 'splice':
      return Uint8Array.from([...update.slice(0, index), ...mutation.insert, ...update.slice(index + mutation.remove)])
  }
}

/** Valid updates to mutate: a whole state, its increments (most with dependencies missing when sent alone). */
function baseUpdates(seedText: string): Uint8Array[] {
  const doc = new Y.Doc()
  const increments: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => increments.push(update))
  const text = doc.getText('text')
  text.insert(0, seedText)
  text.format(0, 1, { bold: true })
  doc.getMap('meta').set('k', [1, 'two', { three: 3 }])
  text.delete(0, 1)
  return [Y.encodeStateAsUpdate(doc), ...increments]
}

describe('a hostile member sending mutated updates', () => {
  it(`never closes honest members nor keeps a room or the server from loading (${RUNS} runs)`, async () => {
    const seed = await startSeed({ env: { ROOM_UNLOAD_GRACE_MS: '50', LOG_LEVEL: 'silent' } })
    const finalTexts = new Map<string, string>()
    let run = 0
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(hostileSend, { minLength: 3, maxLength: 8 }), async (sends) => {
          const room = `hostile-${run++}`
          const honest: NodeClient[] = [connectClient(seed.wsUrl, room), connectClient(seed.wsUrl, room)]
          const honestCloses: number[] = []
          for (const member of honest) member.provider.on('connection-close', (event: CloseEvent | null) => honestCloses.push(event?.code ?? 0))
          let hostile: RawSocket | null = null
          const pool = baseUpdates(room)
          try {
            await Promise.all(honest.map((member) => member.synced()))
            for (const [i, send] of sends.entries()) {
              const writer = honest[i % 2]!
              const base = send.base === 'disagreement' ? decoderDisagreementUpdate(writer.doc.clientID) : pool[send.base % pool.length]!
              const update = send.mutations.reduce(mutate, base)
              if (!hostile || hostile.socket.readyState !== hostile.socket.OPEN) {
                hostile = await openRawSocket(seed.wsUrl, room)
                await hostile.firstMessage
              }
              if (!send.beforeHonestEdit) writer.text.insert(writer.text.length, send.honestEdit)
              const frame = send.asSyncStep2 ? encodeSyncStep2(update) : encodeSyncUpdate(update)
              for (let copy = 0; copy < (send.twice ? 2 : 1); copy++) hostile.socket.send(frame)
              if (send.beforeHonestEdit) writer.text.insert(writer.text.length, send.honestEdit)
            }
            if (hostile) {
              // Once its close handshake is done, nothing more of it reaches the room.
              hostile.socket.close()
              await hostile.closed
            }
            const honestText = (member: NodeClient) => member.text.toString()
            await waitFor(() => honestText(honest[0]!) === honestText(honest[1]!) && sends.every((s) => honestText(honest[0]!).includes(s.honestEdit)), 'the honest members converge', 15_000)
            expect(honestCloses).toEqual([])
            finalTexts.set(room, honestText(honest[0]!))
          } finally {
            hostile?.socket.terminate()
            for (const member of honest) member.destroy()
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      )

      // Each room loads again (most were unloaded and compacted by now), then after a SIGKILL and a restart.
      await expectRoomsLoad(seed.wsUrl, finalTexts)
      await seed.kill()
      await seed.restart()
      await expectRoomsLoad(seed.wsUrl, finalTexts)
    } finally {
      await seed.dispose()
    }
  }, 60_000)
})

/** A fresh client of each room is served what its members converged on. */
async function expectRoomsLoad(wsUrl: string, texts: Map<string, string>): Promise<void> {
  for (const [room, text] of texts) {
    const reader = connectClient(wsUrl, room)
    try {
      await reader.synced()
      expect(reader.text.toString(), `room ${room}`).toBe(text)
    } finally {
      reader.destroy()
    }
  }
}
