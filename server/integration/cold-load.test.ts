/**
 * A document opened after a crash and restart: the first fresh client is
 * answered with the stored records themselves (no re-encoding of the
 * document), each a message under 1 MB, then the sync step 2, and nothing
 * is pending once applied. Seed runs as a real child process on LevelDB.
 */
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, waitFor } from '../../test-support/node-client.ts'
import { openRawSocket } from '../../test-support/raw-socket.ts'
import { startSeed } from '../../test-support/seed-process.ts'
import type { ServerProcess } from '../../test-support/server-process.ts'
import { decodeMessage } from '../protocol/decode-message.ts'
import { LevelStore } from '../storage/level-store.ts'

const ROOM = 'after-a-crash'
const PASTES = 24
const PASTE_CHARS = 40 * 1024

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('a document opened after a crash', { timeout: 60_000 }, () => {
  let seed: ServerProcess | null = null
  afterEach(async () => {
    await seed?.dispose()
  })

  it('goes to a fresh client as its stored records, as they are, then the sync step 2', async () => {
    seed = await startSeed({ env: { COMPACT_AFTER_UPDATES: '1000' } })
    const author = connectClient(seed.wsUrl, ROOM)
    await author.synced()
    for (let i = 0; i < PASTES; i++) author.text.insert(Math.floor(author.text.length / 2), String.fromCharCode(97 + (i % 26)).repeat(PASTE_CHARS))
    author.text.delete(10, 1000)
    const expected = author.text.toString()
    const reader = connectClient(seed.wsUrl, ROOM)
    await waitFor(() => reader.text.toString() === expected, 'the server holds every paste')
    author.destroy()
    reader.destroy()

    await seed.kill()
    const store = await LevelStore.open(seed.dataDir, { fsync: false })
    const stored = await store.loadRoom(ROOM)
    await store.close()
    expect(stored.updates.length).toBeGreaterThan(1)
    await seed.restart()

    const { socket } = await openRawSocket(seed.wsUrl, ROOM)
    const updates: Uint8Array[] = []
    const sizes: number[] = []
    const doc = new Y.Doc()
    const synced = new Promise<void>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const message = decodeMessage(new Uint8Array(data))
        if (message.kind !== 'sync-step-2' && message.kind !== 'sync-update') return
        sizes.push(data.byteLength)
        Y.applyUpdate(doc, message.update)
        if (message.kind === 'sync-step-2') resolve()
        else updates.push(message.update)
      })
    })
    // A sync step 1 with an empty state vector: a client that has nothing.
    socket.send(new Uint8Array([0, 0, 1, 0]))
    await synced
    socket.terminate()
    expect(updates.map(digest)).toEqual(stored.updates.map(digest))
    expect(Math.max(...sizes)).toBeLessThan(1_000_000)
    expect(doc.getText('text').toString() === expected).toBe(true)
    expect(doc.store.pendingStructs).toBeNull()
  })
})
