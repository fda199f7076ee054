import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { chunkState } from './chunked-state.ts'

/** Several people editing one document concurrently, synced now and then: text (with emoji), a map, a nested array, deletions. */
function collaboration(seed: number, people: number) {
  let state = seed
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
  const docs = Array.from({ length: people }, () => new Y.Doc())
  let i = 0
  const edit = (count: number) => {
    for (const end = i + count; i < end; i++) {
      const doc = docs[Math.floor(random() * people)]!
      const text = doc.getText('text')
      const roll = random()
      if (roll < 0.5) text.insert(Math.floor(random() * (text.length + 1)), random() < 0.1 ? 'a😀b'.repeat(40) : `w${i} `)
      else if (roll < 0.65 && text.length > 0) text.delete(Math.floor(random() * text.length), Math.min(5, text.length))
      else if (roll < 0.8) doc.getMap('map').set(`k${i % 7}`, { i, nested: [i, 'x'] })
      else if (roll < 0.9) doc.getArray('list').push(Array.from({ length: 30 }, (_, n) => n + i))
      else {
        const nested = new Y.Map<string>()
        doc.getArray('list').insert(0, [nested])
        nested.set('inside', `v${i}`)
      }
      if (random() < 0.3) {
        const other = docs[Math.floor(random() * people)]!
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
      }
    }
  }
  /** Everyone's edits so far, in one document. */
  const merged = () => {
    const doc = new Y.Doc()
    for (const person of docs) Y.applyUpdate(doc, Y.encodeStateAsUpdate(person))
    return doc
  }
  return { edit, merged }
}

function collaborativeDoc(seed: number, people: number, edits: number): Y.Doc {
  const session = collaboration(seed, people)
  session.edit(edits)
  return session.merged()
}

function contentOf(doc: Y.Doc) {
  return { text: doc.getText('text').toString(), map: doc.getMap('map').toJSON(), list: doc.getArray('list').toJSON() }
}

/** Applies the chunks in order, checking that none leaves anything pending, then the final update. */
function receive(client: Y.Doc, server: Y.Doc, targetStateVector: Uint8Array, targetBytes: number): Uint8Array[] {
  const chunked = chunkState(server, targetStateVector, targetBytes)
  for (const update of chunked.updates) {
    Y.applyUpdate(client, update)
    expect(client.store.pendingStructs).toBeNull()
  }
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server, chunked.stateVector))
  return chunked.updates
}

describe('chunkState', () => {
  it('cuts a document edited by several people into updates that apply in order with nothing pending and add up to the document', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 64, max: 4096 }), (seed, people, targetBytes) => {
        const server = collaborativeDoc(seed, people, 300)
        const client = new Y.Doc()
        const updates = receive(client, server, Y.encodeStateVector(client), targetBytes)
        expect(contentOf(client)).toEqual(contentOf(server))
        expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(server))
        expect(updates.length).toBeGreaterThan(1)
      }),
      { numRuns: 25 },
    )
  })

  it('sends a client that holds an older state only what it is missing, in the same way', () => {
    const session = collaboration(7, 3)
    session.edit(300)
    const client = session.merged()
    session.edit(300)
    const server = session.merged()
    const updates = receive(client, server, Y.encodeStateVector(client), 256)
    expect(contentOf(client)).toEqual(contentOf(server))
    expect(Y.encodeStateVector(client)).toEqual(Y.encodeStateVector(server))
    const sent = updates.reduce((sum, u) => sum + u.byteLength, 0)
    expect(sent).toBeGreaterThan(0)
    expect(sent).toBeLessThan(Y.encodeStateAsUpdate(server).byteLength)
  })

  it('writes a long pasted text as pieces of about the target size, never splitting an emoji', () => {
    const server = new Y.Doc()
    const text = '😀é'.repeat(300_000)
    server.getText('text').insert(0, text)
    const client = new Y.Doc()
    const updates = receive(client, server, Y.encodeStateVector(client), 64 * 1024)
    expect(client.getText('text').toString() === text).toBe(true)
    expect(updates.length).toBeGreaterThan(10)
    expect(Math.max(...updates.map((u) => u.byteLength))).toBeLessThan(2 * 64 * 1024)
  })
})
