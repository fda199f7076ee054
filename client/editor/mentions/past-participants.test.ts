import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MAX_PARTICIPANTS, participantsMap, pastParticipants, recordParticipant } from './past-participants.ts'

const GRACE = { id: 'grace-0000001', name: 'Grace Hopper', color: '#be185d' }
const HOUR = 60 * 60 * 1000

function countUpdates(doc: Y.Doc): () => number {
  let updates = 0
  doc.on('update', () => updates++)
  return () => updates
}

describe('past participants', () => {
  it('records a person once, newest first, and every replica reads the same list', () => {
    const doc = new Y.Doc()
    recordParticipant(doc, GRACE, 1000, 'test')
    recordParticipant(doc, { id: 'ada-00000001', name: 'Ada Lovelace', color: '#1d4ed8' }, 2000, 'test')
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    expect(pastParticipants(participantsMap(copy)).map((participant) => participant.name)).toEqual(['Ada Lovelace', 'Grace Hopper'])
  })

  it('writes again only for a new name, a new colour or a stale time', () => {
    const doc = new Y.Doc()
    const updates = countUpdates(doc)
    recordParticipant(doc, GRACE, 0, 'test')
    recordParticipant(doc, GRACE, HOUR - 1, 'test')
    expect(updates()).toBe(1)
    recordParticipant(doc, { ...GRACE, name: 'Admiral Hopper' }, HOUR - 1, 'test')
    recordParticipant(doc, { ...GRACE, name: 'Admiral Hopper', color: '#15803d' }, HOUR - 1, 'test')
    recordParticipant(doc, { ...GRACE, name: 'Admiral Hopper', color: '#15803d' }, 3 * HOUR, 'test')
    expect(updates()).toBe(4)
    expect(pastParticipants(participantsMap(doc))).toEqual([{ ...GRACE, name: 'Admiral Hopper', color: '#15803d', lastEdit: 3 * HOUR }])
  })

  it('keeps the most recent MAX_PARTICIPANTS', () => {
    const doc = new Y.Doc()
    for (let index = 0; index <= MAX_PARTICIPANTS; index++) recordParticipant(doc, { ...GRACE, id: `person-${String(index).padStart(4, '0')}` }, index, 'test')
    const kept = pastParticipants(participantsMap(doc))
    expect(kept).toHaveLength(MAX_PARTICIPANTS)
    expect(kept.some((participant) => participant.id === 'person-0000')).toBe(false)
  })

  it('ignores entries no client of Seed writes: their colours and names reach the page', () => {
    const doc = new Y.Doc()
    const map = participantsMap(doc)
    map.set('bad id!', { name: 'Mallory', color: '#000000' })
    map.set('mallory-0001', { name: 'Mallory', color: 'red;background:url(x)' })
    map.set('mallory-0002', 'Mallory')
    map.set('mallory-0003', { name: '   ', color: '#000000' })
    expect(pastParticipants(map)).toEqual([])
  })
})
