import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pino } from 'pino'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import { RoomEvents, type RoomEvent } from '../room/room-events.ts'
import type { Room } from '../room/room.ts'
import type { Writer } from '../storage/document-store.ts'
import type { NewVersion, VersionInfo, VersionStore } from '../storage/version-store.ts'
import { DEFAULT_RETENTION } from './version-retention.ts'
import { VersionRecorder } from './version-recorder.ts'

const IDLE = 1000
const MAX_INTERVAL = 5000
const HOUR = 3_600_000

/** Versions in memory, as the stores keep them (one per seq, newest first). */
class MemoryVersions implements Pick<VersionStore, 'addVersion' | 'listVersions' | 'latestVersion' | 'getVersion' | 'versionState' | 'nameVersion' | 'deleteVersions' | 'deleteRoomVersions'> {
  readonly versions = new Map<number, NewVersion>()
  failNext = false
  async addVersion(_room: string, version: NewVersion): Promise<boolean> {
    if (this.failNext) {
      this.failNext = false
      throw new Error('the disk is full')
    }
    if (this.versions.has(version.seq)) return false
    this.versions.set(version.seq, version)
    return true
  }
  async listVersions(): Promise<VersionInfo[]> {
    return [...this.versions.values()].sort((a, b) => b.seq - a.seq).map(({ state: _state, ...info }) => info)
  }
  async latestVersion(): Promise<VersionInfo | null> {
    return (await this.listVersions())[0] ?? null
  }
  async getVersion(_room: string, seq: number): Promise<VersionInfo | null> {
    return this.versions.get(seq) ?? null
  }
  async versionState(_room: string, seq: number): Promise<Uint8Array | null> {
    return this.versions.get(seq)?.state ?? null
  }
  async nameVersion(_room: string, seq: number, name: string): Promise<VersionInfo | null> {
    const version = this.versions.get(seq)
    if (!version) return null
    this.versions.set(seq, { ...version, name })
    return this.versions.get(seq)!
  }
  async deleteVersions(_room: string, seqs: readonly number[]): Promise<void> {
    for (const seq of seqs) this.versions.delete(seq)
  }
  async deleteRoomVersions(): Promise<void> {
    this.versions.clear()
  }
}

describe('VersionRecorder', () => {
  let clock: number
  let versions: MemoryVersions
  let events: RoomEvents
  let recorder: VersionRecorder
  let stop: () => void
  /** The room's document and its highest stored seq, as the registry and the store would show them. */
  const doc = new Y.Doc()
  let lastSeq: number
  const heard: RoomEvent[] = []

  beforeEach(() => {
    vi.useFakeTimers()
    clock = Date.UTC(2026, 11, 7, 12)
    lastSeq = 0
    versions = new MemoryVersions()
    events = new RoomEvents(pino({ level: 'silent' }))
    events.on((event) => heard.push(event))
    // Ana's session is in the room with her colour; Ben's left before the version.
    const awareness = new Awareness(doc)
    awareness.setLocalState({ user: { name: 'Ana', color: '#d8381f' } })
    const room = { doc, awareness, flush: async () => undefined } as unknown as Room
    recorder = new VersionRecorder({
      versions: versions as unknown as VersionStore,
      registry: { withRoom: async (_id, use) => use(room), isInUse: () => true },
      store: { roomInfo: async () => ({ lastSeq, createdAt: 0 }) },
      events,
      timing: { afterIdleMs: IDLE, maxIntervalMs: MAX_INTERVAL },
      retention: DEFAULT_RETENTION,
      logger: pino({ level: 'silent' }),
      now: () => clock,
    })
    stop = recorder.listen()
  })
  afterEach(() => {
    stop()
    heard.length = 0
    doc.getXmlFragment(DOCUMENT_FIELD).delete(0, doc.getXmlFragment(DOCUMENT_FIELD).length)
    vi.useRealTimers()
  })

  /** A writer's change, stored as the next seq, and its durable batch. */
  function write(text: string, writer: Writer = { subject: null, name: 'Ana' }): void {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    doc.getXmlFragment(DOCUMENT_FIELD).push([paragraph])
    lastSeq += 1
    events.emit({ type: 'batch', room: 'room', fromSeq: lastSeq, toSeq: lastSeq, writers: [writer], bytes: 10, document: { doc, bytes: 10 } })
  }

  async function advance(ms: number): Promise<void> {
    clock += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  it('records once the document was left alone for the idle time, with the writers since the last version and the colours of those still there', async () => {
    write('one two', { subject: 'user-1', name: 'Ana' })
    await advance(IDLE / 2)
    write('three', { subject: null, name: 'Ben' })
    await advance(IDLE - 1)
    expect(versions.versions.size).toBe(0)
    await advance(1)
    const [version] = await versions.listVersions()
    expect(version).toMatchObject({
      seq: 2,
      auto: true,
      name: null,
      wordsAdded: 3,
      wordsRemoved: 0,
      authors: [
        { subject: null, name: 'Ben' },
        { subject: 'user-1', name: 'Ana', color: '#d8381f' },
      ],
    })
    expect(heard.filter((event) => event.type === 'versionCreated')).toEqual([{ type: 'versionCreated', room: 'room', version }])
  })

  it('records at most the maximum interval after the first change while editing goes on', async () => {
    for (let elapsed = 0; elapsed < MAX_INTERVAL; elapsed += IDLE / 2) {
      write(`word${elapsed}`)
      await advance(IDLE / 2)
    }
    expect((await versions.listVersions()).map((version) => version.seq)).toEqual([10])
  })

  it('makes no version when nothing changed since the latest, and names that one on demand', async () => {
    write('kept')
    await advance(IDLE)
    expect(versions.versions.size).toBe(1)
    expect(await recorder.record('room', { name: null, auto: true, nameUnchanged: 'ifUnnamed' })).toMatchObject({ created: false })
    expect(await recorder.record('room', { name: 'Final', auto: false, nameUnchanged: 'always' })).toMatchObject({ created: false, version: { seq: 1, name: 'Final' } })
    // "Before restore" leaves a name someone gave alone.
    expect(await recorder.record('room', { name: 'Before restore', auto: true, nameUnchanged: 'ifUnnamed' })).toMatchObject({ version: { name: 'Final' } })
    expect(versions.versions.size).toBe(1)
  })

  it('thins older versions after recording, keeping named ones', async () => {
    for (const [ageHours, name] of [
      [30, null],
      [29.9, 'Named'],
      [29.8, null],
    ] as const) {
      lastSeq += 1
      versions.versions.set(lastSeq, { seq: lastSeq, createdAt: clock - ageHours * HOUR, name, auto: true, authors: [], wordsAdded: 0, wordsRemoved: 0, state: Y.encodeStateAsUpdate(doc) })
    }
    write('new')
    await advance(IDLE)
    expect((await versions.listVersions()).map((version) => version.seq)).toEqual([4, 3, 2])
  })

  it('keeps the writers of a version that could not be stored for the next one', async () => {
    write('lost', { subject: null, name: 'Ana' })
    versions.failNext = true
    await advance(IDLE)
    expect(versions.versions.size).toBe(0)
    write('again', { subject: null, name: 'Ben' })
    await advance(IDLE)
    expect((await versions.listVersions())[0]!.authors).toEqual([
      { subject: null, name: 'Ben' },
      { subject: null, name: 'Ana', color: '#d8381f' },
    ])
  })
})
