/**
 * Updates are validated with Yjs' strict reader before anything sees them
 * (server/protocol/validate-update.ts): one that `Y.applyUpdate` would take
 * but the reader behind the stores and merges refuses closes only its sender,
 * as bad input, over both transports; and a stored record that cannot be read
 * is set aside instead of failing its room.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../shared/protocol.ts'
import { decoderDisagreementUpdate } from '../../test-support/bad-inputs.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { openRawSocket } from '../../test-support/raw-socket.ts'
import { RawHttpSession, refusalOf } from '../../test-support/raw-http-session.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { encodeSyncStep2, encodeSyncUpdate } from '../protocol/encode-message.ts'
import { LevelStore } from '../storage/level-store.ts'

/** Bytes no Yjs reader takes. */
const GARBAGE_RECORD = new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01])

function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

describe('an update Yjs\' strict reader refuses', () => {
  const seed = useServerPerTest()

  for (const [kind, encode] of [
    ['sync update', encodeSyncUpdate],
    ['sync step 2', encodeSyncStep2],
  ] as const) {
    it(`as a ${kind}, closes only its sender as bad input; the other members stay and keep syncing`, async () => {
      await seed.start()
      const alice = seed.client('shared')
      const bob = seed.client('shared')
      await Promise.all([alice.synced(), bob.synced()])
      const honestCloses: number[] = []
      for (const member of [alice, bob]) member.provider.on('connection-close', (event: CloseEvent | null) => honestCloses.push(event?.code ?? 0))
      alice.text.insert(0, 'before ')
      await waitFor(() => bob.text.toString() === 'before ', 'bob sees alice before the attack')

      const attacker = await openRawSocket(seed.server.wsUrl, 'shared')
      await attacker.firstMessage
      attacker.socket.send(encode(decoderDisagreementUpdate()))
      const closed = await attacker.closed
      expect(closed.code).toBe(CloseCode.malformedMessage)
      expect(closed.reason).toMatch(/does not decode/)

      alice.text.insert(alice.text.length, 'after')
      bob.text.insert(0, '>')
      await waitFor(() => alice.text.toString() === '>before after' && bob.text.toString() === '>before after', 'both keep syncing after the attack')
      // A latecomer is served a document the store and merges can read.
      const late = seed.client('shared')
      await late.synced()
      await waitFor(() => late.text.toString() === '>before after', 'a latecomer sees the document')
      expect(honestCloses).toEqual([])
    })
  }

  it('alone in a fresh room, tells its sender its input was bad (not that the server could not save)', async () => {
    await seed.start()
    const attacker = await openRawSocket(seed.server.wsUrl, 'fresh')
    await attacker.firstMessage
    attacker.socket.send(encodeSyncUpdate(decoderDisagreementUpdate()))
    const closed = await attacker.closed
    expect(closed.code).toBe(CloseCode.malformedMessage)
    expect(closed.reason).not.toBe('')
    // Nothing was stored: the room opens empty for the next person.
    const next = seed.client('fresh')
    await next.synced()
    expect(Y.encodeStateVector(next.doc)).toEqual(new Uint8Array([0]))
  })

  it('over the HTTP fallback, ends the session with 400 and the malformed-message close code', async () => {
    await seed.start()
    const session = await RawHttpSession.open(seed.server.url, 'over-http')
    const { messages } = await session.poll(0)
    const sent = await session.send([encodeSyncUpdate(decoderDisagreementUpdate())])
    // The batch's answer may come before its messages are handled; the session's end is then the next poll's answer.
    const refusal = await refusalOf(sent.status === 204 ? await session.pollResponse(messages.length) : sent)
    expect(refusal.status).toBe(400)
    expect(refusal.body.closeCode).toBe(CloseCode.malformedMessage)
    expect(refusal.body.error).toMatch(/does not decode/)
  })
})

describe('a stored record that cannot be read', () => {
  let dataDir: string
  // Registered before the server's own hook: runs after it, once the server closed its data dir.
  afterEach(() => rm(dataDir, { recursive: true, force: true }))
  const seed = useServerPerTest()

  it('is set aside: the server starts, the room loads its other records, /readyz and /metrics count it', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'seed-set-aside-'))
      // Records as an older Seed, which stored what clients sent, could have left them.
      const store = await LevelStore.open(dataDir, { fsync: false })
      await store.appendUpdate('damaged', textUpdate('kept'))
      await store.appendUpdate('damaged', decoderDisagreementUpdate())
      await store.appendUpdate('damaged', GARBAGE_RECORD)
      await store.appendUpdate('intact', textUpdate('whole'))
      await store.close()

      await seed.start({ DATA_DIR: dataDir })
      const reader = seed.client('damaged')
      await reader.synced()
      expect(reader.text.toString()).toBe('kept')
      const other = seed.client('intact')
      await other.synced()
      expect(other.text.toString()).toBe('whole')
      // The room takes edits and stores them after the records set aside.
      reader.text.insert(4, '!')
      const writerCheck = seed.client('damaged')
      await writerCheck.synced()
      await waitFor(() => writerCheck.text.toString() === 'kept!', 'the room goes on after its damaged records')

      const readiness = await fetch(new URL('/readyz', seed.server.url))
      expect(readiness.status).toBe(200)
      expect(await readiness.json()).toMatchObject({ status: 'ready', unreadableRecordsSetAside: 2 })
      const metrics = await (await fetch(new URL('/metrics', seed.server.url))).text()
      expect(metrics).toMatch(/^seed_store_records_set_aside_total 2$/m)
  })
})
