import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ClassicLevel } from 'classic-level'
import { LevelWriteQueue, type LevelOperation } from './level-write-queue.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const put = (key: string, value = key): LevelOperation => ({ type: 'put', key: bytes(key), value: bytes(value) })

describe('LevelWriteQueue on a real LevelDB', () => {
  let dir: string
  let db: ClassicLevel<Uint8Array, Uint8Array>
  /** The operations of every LevelDB batch written, in order. */
  let batches: LevelOperation[][]

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-write-queue-'))
    db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    batches = []
    const batch = db.batch.bind(db) as (operations: LevelOperation[], options: { sync: boolean }) => Promise<void>
    // Observes the real batches (they still reach LevelDB).
    db.batch = ((operations: LevelOperation[], options: { sync: boolean }) => {
      batches.push(operations)
      return batch(operations, options)
    }) as typeof db.batch
  })
  afterEach(async () => {
    await db.close()
    await rm(dir, { recursive: true, force: true })
  })

  const read = async (key: string) => {
    const value = await db.get(bytes(key))
    return value === undefined ? undefined : new TextDecoder().decode(value)
  }

  it('writes what fifty rooms ask for in one task as one batch, and what comes while it is written as the next', async () => {
    const queue = new LevelWriteQueue(db, false)
    const first = Array.from({ length: 50 }, (_, room) => queue.write([put(`room-${room}/1`)]))
    // Issued while the first batch is in flight: they wait and go together.
    await Promise.resolve()
    const second = Array.from({ length: 50 }, (_, room) => queue.write([put(`room-${room}/2`)]))
    await Promise.all([...first, ...second])
    expect(batches.map((operations) => operations.length)).toEqual([50, 50])
    expect(await read('room-49/2')).toBe('room-49/2')
  })

  it('cuts a long queue into batches of at most 256 operations, in order, never splitting one write', async () => {
    const queue = new LevelWriteQueue(db, false)
    const single = Array.from({ length: 300 }, (_, i) => queue.write([put(`single-${String(i).padStart(3, '0')}`)]))
    const whole = queue.write(Array.from({ length: 400 }, (_, i) => put(`whole-${i}`)))
    const after = queue.write([put('after')])
    await Promise.all([...single, whole, after])
    expect(batches.map((operations) => operations.length)).toEqual([256, 44, 400, 1])
    expect(new TextDecoder().decode(batches[1]![0]!.key as Uint8Array)).toBe('single-256')
  })

  it('rejects the callers of a failed batch only, and carries on', async () => {
    const queue = new LevelWriteQueue(db, false)
    const failing = queue.write([{ type: 'put', key: null as unknown as Uint8Array, value: bytes('x') }])
    await expect(failing).rejects.toThrow()
    await queue.write([put('later')])
    expect(await read('later')).toBe('later')
  })
})
