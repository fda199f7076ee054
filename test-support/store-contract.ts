/**
 * The contract every DocumentStore backend must pass (server/storage/document-store.ts).
 * A backend's test file calls `describeStoreContract` with a way to open its
 * store on a fresh location; LevelDB runs it today, Postgres will run the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_LAST_WRITERS, type DocumentStore, type MetadataChange, type Writer } from '../server/storage/document-store.ts'
import { DocumentDeletedError } from '../server/storage/store-errors.ts'
import { decoderDisagreementUpdate } from './bad-inputs.ts'

export interface StoreLocation {
  /** Opens a store on this location; called again after `close()` to see what survived. */
  open(): Promise<DocumentStore>
  /**
   * A second writer of the same data, as another server instance would be: a
   * second connection where the backend allows one, else `store` itself
   * (LevelDB is opened by one process, whose writers all share one store).
   */
  otherWriter(store: DocumentStore): Promise<DocumentStore>
  /** Removes everything the location holds. */
  dispose(): Promise<void>
}

/** A document whose every change is kept as its own update, to append one by one. */
function editor() {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const items = doc.getArray<string>('items')
  return {
    doc,
    updates,
    /** Adds `count` items and returns the updates that did it. */
    add(count: number, prefix: string): Uint8Array[] {
      const from = updates.length
      for (let i = 0; i < count; i++) items.push([`${prefix}${i}`])
      return updates.slice(from)
    },
  }
}

function itemsOf(updates: Uint8Array[]): string[] {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getArray<string>('items').toArray()
}

async function appendAll(store: DocumentStore, roomId: string, updates: Uint8Array[]): Promise<number[]> {
  const seqs: number[] = []
  for (const update of updates) seqs.push(await store.appendUpdate(roomId, update))
  return seqs
}

const strictlyIncreasing = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)

const person = (name: string, subject: string | null = null): Writer => ({ subject, name })

function change(title: string, writers: Writer[], updatedAt = Date.UTC(2024, 5, 6, 7, 8, 9, 123)): MetadataChange {
  return { title, updatedAt, bytes: 100 + title.length, writers }
}

/** Every room's id, page by page with `limit` rooms at most, and how many pages it took. */
async function listAll(store: DocumentStore, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page = await store.listRooms({ limit, cursor })
    expect(page.rooms.length).toBeLessThanOrEqual(limit)
    ids.push(...page.rooms.map((room) => room.id))
    cursor = page.nextCursor
    pages += 1
  } while (cursor !== null)
  return { ids, pages }
}

const byCodePoint = (ids: string[]) => [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))

export function describeStoreContract(name: string, createLocation: () => Promise<StoreLocation>): void {
  describe(`${name} keeps the DocumentStore contract`, () => {
    let location: StoreLocation
    let store: DocumentStore
    const extraWriters: DocumentStore[] = []

    beforeEach(async () => {
      location = await createLocation()
      store = await location.open()
    })
    afterEach(async () => {
      for (const writer of extraWriters.splice(0)) await writer.close().catch(() => undefined)
      await store.close().catch(() => undefined)
      await location.dispose()
    })

    async function otherWriter(): Promise<DocumentStore> {
      const writer = await location.otherWriter(store)
      if (writer !== store) extraWriters.push(writer)
      return writer
    }

    it('gives each room its own strictly increasing seqs, also when appends race', async () => {
      const a = editor()
      const b = editor()
      const seqsA = await appendAll(store, 'room-a', a.add(3, 'a'))
      const seqsB = await appendAll(store, 'room-b', b.add(2, 'b'))
      expect(strictlyIncreasing(seqsA)).toBe(true)
      expect(strictlyIncreasing(seqsB)).toBe(true)
      expect(seqsA[0]).toBeGreaterThan(0)

      // Racing appends to two rooms: distinct within each room, and each later than that room's earlier ones.
      const racingA = a.add(20, 'ra').map((update) => store.appendUpdate('room-a', update))
      const racingB = b.add(20, 'rb').map((update) => store.appendUpdate('room-b', update))
      const raceA = await Promise.all(racingA)
      const raceB = await Promise.all(racingB)
      expect(new Set(raceA).size).toBe(20)
      expect(new Set(raceB).size).toBe(20)
      expect(Math.min(...raceA)).toBeGreaterThan(seqsA.at(-1)!)
      expect(Math.min(...raceB)).toBeGreaterThan(seqsB.at(-1)!)

      // Independent: each room holds exactly its own records.
      const roomA = await store.loadRoom('room-a')
      const roomB = await store.loadRoom('room-b')
      expect(roomA.updates).toHaveLength(23)
      expect(roomB.updates).toHaveLength(22)
      expect(roomA.lastSeq).toBe(Math.max(...raceA))
      expect(roomB.lastSeq).toBe(Math.max(...raceB))
      expect(itemsOf(roomB.updates).every((item) => item.startsWith('b') || item.startsWith('rb'))).toBe(true)
    })

    it('numbers a room\'s records without holes, whichever writer appends (how the cluster bus tells a lost message from one on its way)', async () => {
      const e = editor()
      const other = await otherWriter()
      const seqs = await appendAll(store, 'dense', e.add(2, 'a'))
      const racing = await Promise.all(e.add(10, 'r').map((update, i) => (i % 2 === 0 ? store : other).appendUpdate('dense', update)))
      seqs.push(...(await appendAll(other, 'dense', e.add(2, 'b'))))
      const all = [...seqs, ...racing].sort((a, b) => a - b)
      expect(all).toEqual(all.map((_, i) => all[0]! + i))
    })

    it('loads every update of a room with its last seq, and an unknown room as empty', async () => {
      const e = editor()
      const seqs = await appendAll(store, 'loaded', e.add(5, 'x'))
      const room = await store.loadRoom('loaded')
      expect(room.updates).toHaveLength(5)
      expect(room.lastSeq).toBe(seqs.at(-1))
      expect(itemsOf(room.updates)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4'])
      expect(await store.loadRoom('never-written')).toEqual({ updates: [], lastSeq: 0, setAside: [] })
    })

    it('knows whether a room was ever written, without loading it', async () => {
      expect(await store.roomInfo('never-written')).toBeNull()
      const e = editor()
      const seqs = await appendAll(store, 'known', e.add(3, 'k'))
      expect(await store.roomInfo('known')).toMatchObject({ lastSeq: seqs.at(-1) })
      await store.compactRoom('known', Y.encodeStateAsUpdate(e.doc), seqs.at(-1)!)
      expect(await store.roomInfo('known')).toMatchObject({ lastSeq: seqs.at(-1) })
      expect(await store.roomInfo('kno')).toBeNull()
    })

    it('creates a room before its first write: it exists with its creation time, loads empty and numbers its records from 1', async () => {
      const createdAt = Date.UTC(2024, 0, 2, 3, 4, 5, 678)
      expect(await store.createRoom('created', createdAt)).toBe(true)
      expect(await store.roomInfo('created')).toEqual({ lastSeq: 0, createdAt })
      expect(await store.loadRoom('created')).toEqual({ updates: [], lastSeq: 0, setAside: [] })
      expect(await appendAll(store, 'created', editor().add(2, 'c'))).toEqual([1, 2])
      expect(await store.roomInfo('created')).toEqual({ lastSeq: 2, createdAt })
      await store.close()
      store = await location.open()
      expect(await store.roomInfo('created')).toEqual({ lastSeq: 2, createdAt })
    })

    it('creates a room once: a second creation, a racing one from another writer, or one of a written room is refused', async () => {
      const other = await otherWriter()
      const racing = await Promise.all([store.createRoom('raced', 1), other.createRoom('raced', 2), store.createRoom('raced', 3)])
      expect(racing.filter((created) => created)).toHaveLength(1)
      expect(await store.createRoom('raced', 4)).toBe(false)
      expect((await store.roomInfo('raced'))?.createdAt).toBe([1, 2, 3][racing.indexOf(true)])

      await appendAll(store, 'written-first', editor().add(1, 'w'))
      expect(await other.createRoom('written-first', 5)).toBe(false)
      // Its first write recorded when it was created; that time stays.
      const { createdAt } = (await store.roomInfo('written-first'))!
      expect(createdAt).toBeGreaterThan(Date.now() - 60_000)
      expect(createdAt).toBeLessThanOrEqual(Date.now())
      await appendAll(store, 'written-first', editor().add(1, 'x'))
      expect((await store.roomInfo('written-first'))?.createdAt).toBe(createdAt)
    })

    it('keeps every record and seq across close and reopen', async () => {
      const e = editor()
      const seqs = await appendAll(store, 'kept', e.add(4, 'k'))
      await store.close()
      store = await location.open()
      const room = await store.loadRoom('kept')
      expect(itemsOf(room.updates)).toEqual(['k0', 'k1', 'k2', 'k3'])
      expect(room.lastSeq).toBe(seqs.at(-1))
      expect(await store.appendUpdate('kept', e.add(1, 'after')[0]!)).toBeGreaterThan(seqs.at(-1)!)
    })

    it('loses nothing and shares no key when appends race a compaction', async () => {
      const e = editor()
      const seqs = await appendAll(store, 'raced', e.add(10, 'before'))
      const merged = Y.encodeStateAsUpdate(e.doc)
      const racing = e.add(20, 'during')
      const writer = await otherWriter()
      const append = (update: Uint8Array, i: number) => (i % 2 === 0 ? store : writer).appendUpdate('raced', update)
      // Half the appends are issued before the compaction, half after, none awaited.
      const before = racing.slice(0, 10).map(append)
      const compaction = store.compactRoom('raced', merged, seqs.at(-1)!)
      const after = racing.slice(10).map(append)
      const [racingSeqs] = await Promise.all([Promise.all([...before, ...after]), compaction])
      expect(new Set(racingSeqs).size).toBe(20)
      expect(Math.min(...racingSeqs)).toBeGreaterThan(seqs.at(-1)!)

      const room = await store.loadRoom('raced')
      // The ten compacted records became one; all twenty racing ones stay.
      expect(room.updates).toHaveLength(21)
      expect(room.lastSeq).toBe(Math.max(...racingSeqs))
      expect(itemsOf(room.updates)).toEqual(e.doc.getArray<string>('items').toArray())
    })

    it('keeps the records another writer added after the compacted seq', async () => {
      const mine = editor()
      const seqs = await appendAll(store, 'shared', mine.add(5, 'mine'))
      const writer = await otherWriter()
      const theirs = editor()
      Y.applyUpdate(theirs.doc, Y.encodeStateAsUpdate(mine.doc))
      const theirSeqs = await appendAll(writer, 'shared', theirs.add(3, 'theirs'))
      expect(Math.min(...theirSeqs)).toBeGreaterThan(seqs.at(-1)!)

      // Compacts what this writer knows: its own five records, not the other writer's three.
      await store.compactRoom('shared', Y.encodeStateAsUpdate(mine.doc), seqs.at(-1)!)
      const room = await store.loadRoom('shared')
      expect(room.updates).toHaveLength(4)
      expect(room.lastSeq).toBe(theirSeqs.at(-1))
      expect(itemsOf(room.updates)).toEqual(['mine0', 'mine1', 'mine2', 'mine3', 'mine4', 'theirs0', 'theirs1', 'theirs2'])
    })

    it('loads a compacted room to the same document, as one record, and goes on numbering after it', async () => {
      const e = editor()
      const seqs = await appendAll(store, 'compacted', e.add(12, 'c'))
      e.doc.getArray<string>('items').delete(0, 2)
      seqs.push(await store.appendUpdate('compacted', e.updates.at(-1)!))
      await store.compactRoom('compacted', Y.encodeStateAsUpdate(e.doc), seqs.at(-1)!)

      const room = await store.loadRoom('compacted')
      expect(room.updates).toHaveLength(1)
      expect(room.lastSeq).toBe(seqs.at(-1))
      const loaded = new Y.Doc()
      Y.applyUpdate(loaded, room.updates[0]!)
      expect(loaded.getArray('items').toArray()).toEqual(e.doc.getArray('items').toArray())
      expect(Y.encodeStateVector(loaded)).toEqual(Y.encodeStateVector(e.doc))
      expect(await store.appendUpdate('compacted', e.add(1, 'next')[0]!)).toBeGreaterThan(seqs.at(-1)!)
    })

    it('refuses to compact seqs that were never appended (a later append would share their key)', async () => {
      const e = editor()
      const seqs = await appendAll(store, 'ahead', e.add(2, 'a'))
      await expect(store.compactRoom('ahead', Y.encodeStateAsUpdate(e.doc), seqs.at(-1)! + 5)).rejects.toThrow()
      expect((await store.loadRoom('ahead')).updates).toHaveLength(2)
    })

    it('keeps uploads per room, immutable under their id, apart from the room\'s records, across reopen and writers', async () => {
      const png = { contentType: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]) }
      const id = 'a'.repeat(64)
      expect(await store.getUpload('pictures', id)).toBeNull()
      await store.putUpload('pictures', id, png)
      expect(await store.getUpload('pictures', id)).toEqual(png)
      // Another room never sees it; uploads neither make a room exist nor add records to it.
      expect(await store.getUpload('other-room', id)).toBeNull()
      expect(await store.roomInfo('pictures')).toBeNull()
      expect(await store.loadRoom('pictures')).toEqual({ updates: [], lastSeq: 0, setAside: [] })
      const e = editor()
      const seqs = await appendAll(store, 'pictures', e.add(2, 'p'))
      expect(await store.loadRoom('pictures')).toMatchObject({ lastSeq: seqs.at(-1) })
      expect((await store.loadRoom('pictures')).updates).toHaveLength(2)

      // A retried upload of the same id resolves and changes nothing, from any writer.
      const writer = await otherWriter()
      await writer.putUpload('pictures', id, { contentType: 'image/gif', bytes: new Uint8Array([9]) })
      await store.putUpload('pictures', id, png)
      expect(await writer.getUpload('pictures', id)).toEqual(png)

      const large = { contentType: 'image/jpeg', bytes: new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251) }
      await store.putUpload('pictures', 'b'.repeat(64), large)
      await store.close()
      store = await location.open()
      expect(await store.getUpload('pictures', id)).toEqual(png)
      const reread = await store.getUpload('pictures', 'b'.repeat(64))
      expect(reread?.contentType).toBe('image/jpeg')
      // Compared as buffers: element-wise deep equality of megabytes is slow.
      expect(Buffer.from(reread!.bytes).equals(large.bytes)).toBe(true)
      expect((await store.loadRoom('pictures')).updates).toHaveLength(2)
    })

    it('sums the bytes of a room\'s uploads, each id once, per room, across reopen and writers', async () => {
      expect(await store.uploadBytes('album')).toBe(0)
      await store.putUpload('album', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(1000) })
      await store.putUpload('album', 'b'.repeat(64), { contentType: 'image/gif', bytes: new Uint8Array(234) })
      // The same image again (a retry, or someone else adding it) takes no more room.
      await store.putUpload('album', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(1000) })
      await store.putUpload('album-2', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(1000) })
      await (await otherWriter()).putUpload('album', 'c'.repeat(64), { contentType: 'image/webp', bytes: new Uint8Array(5) })
      expect(await store.uploadBytes('album')).toBe(1239)
      expect(await store.uploadBytes('album-2')).toBe(1000)
      // A room whose id starts like another's is another room.
      expect(await store.uploadBytes('albu')).toBe(0)
      await store.close()
      store = await location.open()
      expect(await store.uploadBytes('album')).toBe(1239)
    })

    it('lists a room\'s upload ids, each once, in byte order, per room, across reopen and writers (what a backup copies)', async () => {
      expect(await store.listUploads('gallery')).toEqual([])
      expect(await store.createRoom('gallery', Date.now())).toBe(true)
      const image = { contentType: 'image/png', bytes: new Uint8Array([1, 2, 3]) }
      await store.putUpload('gallery', 'b'.repeat(64), image)
      await store.putUpload('gallery', 'a'.repeat(64), image)
      await store.putUpload('gallery', 'b'.repeat(64), image)
      await (await otherWriter()).putUpload('gallery', 'c'.repeat(64), image)
      // A room whose id starts like another's is another room.
      await store.putUpload('gallery-2', 'd'.repeat(64), image)
      await store.close()
      store = await location.open()
      expect(await store.listUploads('gallery')).toEqual(['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)])
      expect(await store.listUploads('galler')).toEqual([])
      await store.deleteRoom('gallery')
      expect(await store.listUploads('gallery')).toEqual([])
      expect(await store.listUploads('gallery-2')).toEqual(['d'.repeat(64)])
    })

    it('sets aside a record Yjs cannot read: listed with its seq, left out of the updates; the other records load and seqs go on', async () => {
      const writer = editor()
      const unreadable = [decoderDisagreementUpdate(), new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01])]
      // First and in the middle: a room's first record is special in some backends (LevelDB reads its state vector).
      await store.appendUpdate('damaged', unreadable[0]!)
      await appendAll(store, 'damaged', writer.add(2, 'x'))
      await store.appendUpdate('damaged', unreadable[1]!)
      const loaded = await store.loadRoom('damaged')
      expect(loaded.setAside.map((record) => record.seq)).toEqual([1, 4])
      expect(loaded.setAside.every((record) => record.problem.length > 0)).toBe(true)
      expect(loaded.lastSeq).toBe(4)
      expect(itemsOf(loaded.updates)).toEqual(['x0', 'x1'])
      expect(await store.appendUpdate('damaged', writer.add(1, 'y')[0]!)).toBe(5)
      expect((await store.loadRoom('intact')).setAside).toEqual([])
      // A compaction replaces them like any record up to its seq.
      await store.compactRoom('damaged', Y.encodeStateAsUpdate(writer.doc), 5)
      expect(await store.loadRoom('damaged')).toMatchObject({ setAside: [], lastSeq: 5 })
    })

    it('keeps metadata beside the records: it never changes loadRoom, and survives a compaction and a reopen', async () => {
      const createdAt = Date.UTC(2024, 0, 2, 3, 4, 5, 678)
      await store.createRoom('titled', createdAt)
      expect(await store.documentMetadata('titled')).toEqual({ title: '', createdAt, updatedAt: null, bytes: 0, lastWriters: [] })
      const e = editor()
      const seqs = await appendAll(store, 'titled', e.add(3, 't'))
      await store.recordMetadata('titled', change('Plans for June', [person('Ann', 'user:ann')]))
      const recorded = { title: 'Plans for June', createdAt, updatedAt: Date.UTC(2024, 5, 6, 7, 8, 9, 123), bytes: 114, lastWriters: [person('Ann', 'user:ann')] }
      expect(await store.documentMetadata('titled')).toEqual(recorded)
      expect((await store.loadRoom('titled')).updates).toHaveLength(3)
      expect(await store.roomInfo('titled')).toEqual({ lastSeq: seqs.at(-1), createdAt })

      await store.compactRoom('titled', Y.encodeStateAsUpdate(e.doc), seqs.at(-1)!)
      expect(await store.documentMetadata('titled')).toEqual(recorded)
      await store.close()
      store = await location.open()
      expect(await store.documentMetadata('titled')).toEqual(recorded)
      expect(itemsOf((await store.loadRoom('titled')).updates)).toEqual(['t0', 't1', 't2'])

      // A room written first (by a stock client) has its first write's time; one that does not exist has no metadata, and gets none.
      await appendAll(store, 'written', editor().add(1, 'w'))
      expect((await store.documentMetadata('written'))?.createdAt).toBe((await store.roomInfo('written'))?.createdAt)
      await store.recordMetadata('nowhere', change('Ghost', [person('Ann')]))
      expect(await store.documentMetadata('nowhere')).toBeNull()
      expect(await store.roomInfo('nowhere')).toBeNull()
    })

    it('keeps the last writers newest first, each once, at most MAX_LAST_WRITERS, whichever writer records them', async () => {
      await store.createRoom('crowded', 1)
      const other = await otherWriter()
      await store.recordMetadata('crowded', change('a', [person('Ann'), person('Bob'), person('Ann')]))
      expect((await store.documentMetadata('crowded'))?.lastWriters).toEqual([person('Ann'), person('Bob')])
      // The same name with another subject is another writer.
      await other.recordMetadata('crowded', change('b', [person('Cat'), person('Bob'), person('Ann', 'user:ann')]))
      expect((await store.documentMetadata('crowded'))?.lastWriters).toEqual([person('Cat'), person('Bob'), person('Ann', 'user:ann'), person('Ann')])
      expect((await store.documentMetadata('crowded'))?.title).toBe('b')

      // Changes racing from both writers both count.
      await Promise.all([store.recordMetadata('crowded', change('c', [person('Dan')])), other.recordMetadata('crowded', change('c', [person('Eve')]))])
      expect((await store.documentMetadata('crowded'))?.lastWriters.slice(0, 2).map((writer) => writer.name).sort()).toEqual(['Dan', 'Eve'])

      const many = Array.from({ length: MAX_LAST_WRITERS + 3 }, (_, i) => person(`writer ${i}`))
      await store.recordMetadata('crowded', change('d', many))
      expect((await store.documentMetadata('crowded'))?.lastWriters).toEqual(many.slice(0, MAX_LAST_WRITERS))
    })

    it('lists every existing room once, in id order, with its metadata, whatever the page size', async () => {
      const created = ['c-created', 'A-created', 'b_created']
      const written = ['written-2', 'Written-1', 'w']
      for (const id of created) await store.createRoom(id, 5)
      for (const id of written) await appendAll(store, id, editor().add(1, id))
      await store.recordMetadata('w', change('Short id', [person('Ann')]))
      // Neither uploads alone nor a deleted room make a listed room.
      await store.putUpload('uploads-only', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([1]) })
      await store.createRoom('deleted', 6)
      await store.deleteRoom('deleted')
      const expected = byCodePoint([...created, ...written])

      for (let limit = 1; limit <= expected.length + 1; limit++) {
        const { ids, pages } = await listAll(store, limit)
        expect(ids).toEqual(expected)
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)))
      }
      const { rooms } = await (await otherWriter()).listRooms({ limit: 100, cursor: null })
      expect(rooms.find((room) => room.id === 'w')).toMatchObject({ title: 'Short id', bytes: 108, lastWriters: [person('Ann')] })
      expect(rooms.find((room) => room.id === 'c-created')).toEqual({ id: 'c-created', title: '', createdAt: 5, updatedAt: null, bytes: 0, lastWriters: [] })
      await expect(store.listRooms({ limit: 0, cursor: null })).rejects.toThrow(/from 1 to 1000/)
      await expect(store.listRooms({ limit: 1001, cursor: null })).rejects.toThrow(/from 1 to 1000/)
    })

    it('lists from its cursor on while rooms are created and deleted between the pages', async () => {
      for (const id of ['b', 'd', 'f', 'h']) await store.createRoom(id, 1)
      const first = await store.listRooms({ limit: 2, cursor: null })
      expect(first.rooms.map((room) => room.id)).toEqual(['b', 'd'])
      await store.deleteRoom('d')
      await store.deleteRoom('f')
      for (const id of ['a', 'e', 'i']) await store.createRoom(id, 1)
      await appendAll(store, 'c', editor().add(1, 'c'))
      const rest: string[] = []
      for (let cursor = first.nextCursor; cursor !== null; ) {
        const page: Awaited<ReturnType<DocumentStore['listRooms']>> = await store.listRooms({ limit: 2, cursor })
        rest.push(...page.rooms.map((room) => room.id))
        cursor = page.nextCursor
      }
      // What existed throughout comes once; what was created behind the cursor comes in a later listing.
      expect(rest).toEqual(['e', 'h', 'i'])
    })

    it('deletes a room: its records, metadata and uploads go, and its tombstone refuses writes from every writer, across a reopen', async () => {
      await store.createRoom('doomed', 7)
      await appendAll(store, 'doomed', editor().add(3, 'd'))
      await store.recordMetadata('doomed', change('Doomed', [person('Ann')]))
      await store.putUpload('doomed', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(10) })
      await appendAll(store, 'doomed-not', editor().add(1, 'kept'))
      await store.putUpload('doomed-not', 'a'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array(10) })

      await store.deleteRoom('doomed')
      const other = await otherWriter()
      for (const reader of [store, other]) {
        expect(await reader.roomInfo('doomed')).toEqual({ lastSeq: 0, createdAt: null, deleted: true })
        expect(await reader.loadRoom('doomed')).toEqual({ updates: [], lastSeq: 0, setAside: [], deleted: true })
        expect(await reader.documentMetadata('doomed')).toBeNull()
        expect(await reader.getUpload('doomed', 'a'.repeat(64))).toBeNull()
        expect(await reader.uploadBytes('doomed')).toBe(0)
        await expect(reader.appendUpdate('doomed', editor().add(1, 'late')[0]!)).rejects.toBeInstanceOf(DocumentDeletedError)
        // What an instance that missed the deletion compacts as it unloads the room.
        await expect(reader.compactRoom('doomed', editor().add(1, 'held')[0]!, 3)).rejects.toBeInstanceOf(DocumentDeletedError)
      }
      await store.recordMetadata('doomed', change('Back?', [person('Bob')]))
      expect(await store.documentMetadata('doomed')).toBeNull()
      expect((await listAll(store, 10)).ids).toEqual(['doomed-not'])
      expect(itemsOf((await store.loadRoom('doomed-not')).updates)).toEqual(['kept0'])
      expect(await store.uploadBytes('doomed-not')).toBe(10)

      // Deleting again, or a room that never existed, changes nothing.
      await store.deleteRoom('doomed')
      await other.deleteRoom('never-existed')
      expect(await store.roomInfo('never-existed')).toBeNull()
      await store.close()
      store = await location.open()
      expect(await store.roomInfo('doomed')).toEqual({ lastSeq: 0, createdAt: null, deleted: true })
      await expect(store.appendUpdate('doomed', editor().add(1, 'later')[0]!)).rejects.toBeInstanceOf(DocumentDeletedError)
      expect(await store.createRoom('doomed', 8)).toBe(true)
    })

    it('lets an append racing a deletion land before it (and go with it) or reject, never outlive it', async () => {
      const e = editor()
      await appendAll(store, 'raced-delete', e.add(2, 'r'))
      const other = await otherWriter()
      const appends = e.add(20, 'late').map((update, i) => (i % 2 === 0 ? store : other).appendUpdate('raced-delete', update))
      const outcomes = await Promise.allSettled([...appends.slice(0, 10), store.deleteRoom('raced-delete'), ...appends.slice(10)])
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(DocumentDeletedError)
      expect(await other.loadRoom('raced-delete')).toEqual({ updates: [], lastSeq: 0, setAside: [], deleted: true })
      await expect(other.appendUpdate('raced-delete', e.add(1, 'after')[0]!)).rejects.toBeInstanceOf(DocumentDeletedError)
    })

    it('creates a deleted room again: the tombstone goes, the room loads empty and numbers its records from 1', async () => {
      await appendAll(store, 'reborn', editor().add(3, 'old'))
      await store.recordMetadata('reborn', change('Old', [person('Ann')]))
      await store.deleteRoom('reborn')
      const other = await otherWriter()
      const racing = await Promise.all([other.createRoom('reborn', 9), store.createRoom('reborn', 10)])
      expect(racing.filter((created) => created)).toHaveLength(1)
      const createdAt = racing[0] ? 9 : 10
      expect(await store.createRoom('reborn', 11)).toBe(false)
      expect(await store.roomInfo('reborn')).toEqual({ lastSeq: 0, createdAt })
      expect(await store.loadRoom('reborn')).toEqual({ updates: [], lastSeq: 0, setAside: [] })
      expect(await store.documentMetadata('reborn')).toEqual({ title: '', createdAt, updatedAt: null, bytes: 0, lastWriters: [] })
      expect(await appendAll(other, 'reborn', editor().add(2, 'new'))).toEqual([1, 2])
      expect(itemsOf((await store.loadRoom('reborn')).updates)).toEqual(['new0', 'new1'])
      expect((await listAll(store, 10)).ids).toEqual(['reborn'])
      await store.close()
      store = await location.open()
      expect(itemsOf((await store.loadRoom('reborn')).updates)).toEqual(['new0', 'new1'])
    })

    it('rejects every call once it cannot reach its data, instead of resolving', async () => {
      const e = editor()
      await appendAll(store, 'closed', e.add(1, 'z'))
      await store.close()
      await expect(store.appendUpdate('closed', e.add(1, 'lost')[0]!)).rejects.toThrow()
      await expect(store.loadRoom('closed')).rejects.toThrow()
      await expect(store.roomInfo('closed')).rejects.toThrow()
      await expect(store.compactRoom('closed', Y.encodeStateAsUpdate(e.doc), 1)).rejects.toThrow()
      await expect(store.checkWritable()).rejects.toThrow()
      await expect(store.putUpload('closed', 'c'.repeat(64), { contentType: 'image/png', bytes: new Uint8Array([1]) })).rejects.toThrow()
      await expect(store.getUpload('closed', 'c'.repeat(64))).rejects.toThrow()
    })
  })
}
