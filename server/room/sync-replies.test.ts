import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeMessage } from '../protocol/decode-message.ts'
import { SyncReplies } from './sync-replies.ts'

const EMPTY_STATE_VECTOR = new Uint8Array([0])
const CHUNK_BYTES = 16 * 1024

/** A document of `kilobytes` KiB of text, inserted a kilobyte at a time. */
function documentOf(kilobytes: number): Y.Doc {
  const doc = new Y.Doc()
  const text = doc.getText('text')
  for (let i = 0; i < kilobytes; i++) text.insert(text.length, String.fromCharCode(97 + (i % 26)).repeat(1024))
  return doc
}

/** What a stock client does with the frames: applies each, synced at the sync step 2. */
function receive(frames: Uint8Array[], client = new Y.Doc()): { client: Y.Doc; kinds: string[] } {
  const kinds = frames.map((frame) => {
    const message = decodeMessage(frame)
    if (message.kind !== 'sync-step-2' && message.kind !== 'sync-update') throw new Error(`unexpected ${message.kind}`)
    Y.applyUpdate(client, message.update)
    return message.kind
  })
  return { client, kinds }
}

describe('SyncReplies', () => {
  const replies: SyncReplies[] = []
  const repliesFor = (doc: Y.Doc) => {
    const created = new SyncReplies(doc, { chunkBytes: CHUNK_BYTES, maxRecordFrameBytes: 2 * CHUNK_BYTES, keepMs: 60_000 })
    replies.push(created)
    return created
  }
  afterEach(() => replies.splice(0).forEach((r) => r.dispose()))

  it('answers a small document with one sync step 2', () => {
    const doc = documentOf(4)
    const frames = repliesFor(doc).framesFor(EMPTY_STATE_VECTOR, 4 * 1024)
    const { client, kinds } = receive(frames)
    expect(kinds).toEqual(['sync-step-2'])
    expect(client.getText('text').toString()).toBe(doc.getText('text').toString())
  })

  it('answers a large one with sync updates of about the chunk size and the sync step 2 last, together the whole document', () => {
    const doc = documentOf(200)
    const frames = repliesFor(doc).framesFor(EMPTY_STATE_VECTOR, 200 * 1024)
    const { client, kinds } = receive(frames)
    expect(kinds.length).toBeGreaterThan(10)
    expect(kinds.slice(0, -1).every((kind) => kind === 'sync-update')).toBe(true)
    expect(kinds.at(-1)).toBe('sync-step-2')
    expect(Math.max(...frames.map((f) => f.byteLength))).toBeLessThan(2 * CHUNK_BYTES)
    expect(client.getText('text').toString()).toBe(doc.getText('text').toString())
  })

  it('shares the cut frames between clients asking alike, bringing each up to date in its last message', () => {
    const doc = documentOf(200)
    const shared = repliesFor(doc)
    const first = shared.framesFor(EMPTY_STATE_VECTOR, 200 * 1024)
    doc.getText('text').insert(0, 'a small change ')
    doc.getText('text').delete(500, 10)
    const second = shared.framesFor(EMPTY_STATE_VECTOR, 200 * 1024)
    expect(second.length).toBe(first.length)
    second.slice(0, -1).forEach((frame, i) => expect(frame).toBe(first[i]))
    expect(receive(second).client.getText('text').toString()).toBe(doc.getText('text').toString())

    // Once the document moved on by more than a chunk, the next client gets a fresh cut.
    doc.getText('text').insert(0, 'x'.repeat(2 * CHUNK_BYTES))
    const third = shared.framesFor(EMPTY_STATE_VECTOR, 300 * 1024)
    expect(third[0]).not.toBe(first[0])
    expect(receive(third).client.getText('text').toString()).toBe(doc.getText('text').toString())
  })

  it('answers fresh clients after a load with the stored records as they are, then what changed since', () => {
    const author = new Y.Doc()
    const records: Uint8Array[] = []
    author.on('update', (update: Uint8Array) => records.push(update))
    for (let i = 0; i < 12; i++) author.getText('text').insert(0, String.fromCharCode(97 + i).repeat(3 * 1024))
    author.getText('text').delete(100, 5000)
    const loaded = new Y.Doc()
    for (const record of records) Y.applyUpdate(loaded, record)
    const storedBytes = records.reduce((total, record) => total + record.byteLength, 0)
    const shared = repliesFor(loaded)
    shared.seedFromRecords(records, storedBytes)

    loaded.getText('text').insert(0, 'after the load ')
    const frames = shared.framesFor(EMPTY_STATE_VECTOR, storedBytes)
    expect(frames).toHaveLength(records.length + 1)
    frames.slice(0, -1).forEach((frame, i) => {
      const message = decodeMessage(frame)
      expect(message.kind).toBe('sync-update')
      expect(message.kind === 'sync-update' && message.update).toEqual(records[i])
    })
    const { client, kinds } = receive(frames)
    expect(kinds.at(-1)).toBe('sync-step-2')
    expect(client.getText('text').toString()).toBe(loaded.getText('text').toString())
    expect(client.store.pendingStructs).toBeNull()
  })

  it('cuts as before when the records are too large to send as they are, or the document is small', () => {
    const doc = documentOf(200)
    const whole = Y.encodeStateAsUpdate(doc)
    const seededTooLarge = repliesFor(doc)
    seededTooLarge.seedFromRecords([whole], whole.byteLength)
    expect(seededTooLarge.framesFor(EMPTY_STATE_VECTOR, whole.byteLength).length).toBeGreaterThan(10)

    const small = documentOf(4)
    const seededSmall = repliesFor(small)
    seededSmall.seedFromRecords([Y.encodeStateAsUpdate(small)], 4 * 1024)
    expect(receive(seededSmall.framesFor(EMPTY_STATE_VECTOR, 4 * 1024)).kinds).toEqual(['sync-step-2'])
  })
})
