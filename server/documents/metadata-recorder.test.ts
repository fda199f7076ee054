import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pino } from 'pino'
import * as Y from 'yjs'
import { setDocumentTitle } from '../../shared/document-title.ts'
import { RoomEvents } from '../room/room-events.ts'
import type { DocumentMetadata, DocumentStore, Writer } from '../storage/document-store.ts'
import { LevelStore } from '../storage/level-store.ts'
import { MetadataRecorder } from './metadata-recorder.ts'

const INTERVAL_MS = 1000
const ann: Writer = { subject: 'a', name: 'Ann' }
const bob: Writer = { subject: 'b', name: 'Bob' }
const cat: Writer = { subject: null, name: 'Cat' }

/** Polls `read` on each event-loop turn (timers are the test's) until `holds`, for at most 5 s. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000
  for (;;) {
    const value = await read()
    if (holds(value)) return value
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after 5 s`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe('MetadataRecorder on a real LevelDB', () => {
  let dir: string
  let store: LevelStore
  let events: RoomEvents
  let clock: number
  const doc = new Y.Doc()

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    dir = await mkdtemp(path.join(tmpdir(), 'seed-metadata-'))
    store = await LevelStore.open(dir, { fsync: false })
    events = new RoomEvents(pino({ level: 'silent' }))
    clock = 10_000
    await store.createRoom('room', 1)
  })

  afterEach(async () => {
    vi.useRealTimers()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  function recorder(recordTo: Pick<DocumentStore, 'recordMetadata'> = store): MetadataRecorder {
    const created = new MetadataRecorder({ store: recordTo, logger: pino({ level: 'silent' }), intervalMs: INTERVAL_MS, now: () => clock })
    created.listen(events)
    return created
  }

  function batch(writers: Writer[], title: string): void {
    setDocumentTitle(doc, title)
    events.emit({ type: 'batch', room: 'room', fromSeq: 1, toSeq: 1, writers, bytes: 10, document: { doc, bytes: 123 } })
  }

  const metadata = () => store.documentMetadata('room') as Promise<DocumentMetadata>

  /** Moves the recorder's clock and the timers together. */
  async function elapse(ms: number): Promise<void> {
    clock += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  it('records at once, then at most once per interval, with every writer since the last record', async () => {
    recorder()
    batch([ann], 'First')
    expect(await eventually(metadata, (m) => m.updatedAt !== null)).toMatchObject({ title: 'First', updatedAt: 10_000, bytes: 123, lastWriters: [ann] })

    await elapse(200)
    batch([bob], 'Second')
    await elapse(300)
    batch([cat], 'Third')
    // Within the interval: nothing more is written until it ends.
    await elapse(INTERVAL_MS - 501)
    expect(await metadata()).toMatchObject({ title: 'First', lastWriters: [ann] })
    await elapse(1)
    expect(await eventually(metadata, (m) => m.title === 'Third')).toMatchObject({ updatedAt: 10_500, lastWriters: [cat, bob, ann] })
  })

  it('records what is left when the room is unloaded or at shutdown, without waiting for the interval', async () => {
    const recording = recorder()
    batch([ann], 'One')
    await eventually(metadata, (m) => m.title === 'One')
    batch([bob], 'Two')
    events.emit({ type: 'unloaded', room: 'room' })
    expect(await eventually(metadata, (m) => m.title === 'Two')).toMatchObject({ lastWriters: [bob, ann] })

    batch([cat], 'Three')
    await recording.flush()
    expect(await metadata()).toMatchObject({ title: 'Three', lastWriters: [cat, bob, ann] })
  })

  it('retries a failed record at the next batch, keeping the writers it carried', async () => {
    let failure: Promise<void> | null = null
    const failing = {
      recordMetadata: (roomId: string, change: Parameters<DocumentStore['recordMetadata']>[1]) => {
        if (failure) return store.recordMetadata(roomId, change)
        failure = Promise.reject(new Error('injected metadata write failure'))
        return failure
      },
    }
    recorder(failing)
    batch([ann], 'Lost once')
    await (failure as Promise<void> | null)?.catch(() => undefined)
    // The recorder's own handler of the failure runs on the next turn.
    await new Promise((resolve) => setImmediate(resolve))
    expect(await metadata()).toMatchObject({ updatedAt: null, lastWriters: [] })

    await elapse(INTERVAL_MS)
    batch([bob], 'Kept')
    expect(await eventually(metadata, (m) => m.title === 'Kept')).toMatchObject({ lastWriters: [bob, ann] })
  })

  it('forgets what a deleted room left unrecorded', async () => {
    const recording = recorder()
    batch([ann], 'Recorded')
    await eventually(metadata, (m) => m.title === 'Recorded')
    batch([bob], 'Never')
    events.emit({ type: 'deleted', room: 'room' })
    await recording.flush()
    await vi.advanceTimersByTimeAsync(INTERVAL_MS)
    expect(await metadata()).toMatchObject({ title: 'Recorded', lastWriters: [ann] })
  })
})
