import { describe, expect, it } from 'vitest'
import { onePerPerson, peopleFromAwareness } from './people.ts'

describe('peopleFromAwareness', () => {
  it('lists you first, then the others by name, skipping states without a user', () => {
    const states = new Map<number, unknown>([
      [3, { user: { name: 'Zesty Yak', color: '#1d4ed8' } }],
      [1, { user: { name: 'Able Ant', color: '#b91c1c' } }],
      [7, { user: { name: 'Me', color: '#15803d' }, cursor: null }],
      [9, {}],
      [10, null],
    ])
    expect(peopleFromAwareness(states, 7).map((person) => [person.name, person.isYou])).toEqual([
      ['Me', true],
      ['Able Ant', false],
      ['Zesty Yak', false],
    ])
  })

  it('reads when each person last gave input and whether they have a caret', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Ada', color: '#1d4ed8' }, lastActive: 1234, cursor: { anchor: {}, head: {} } }],
      [2, { user: { name: 'Grace', color: '#be185d' }, lastActive: 'soon', cursor: null }],
    ])
    expect(peopleFromAwareness(states, 99).map(({ name, lastActive, hasCursor }) => ({ name, lastActive, hasCursor }))).toEqual([
      { name: 'Ada', lastActive: 1234, hasCursor: true },
      { name: 'Grace', lastActive: null, hasCursor: false },
    ])
  })

  it('does not trust what other clients publish', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: '  x'.padEnd(200, 'y'), color: 'red; background: url(evil)' } }],
      [2, { user: { name: 42, color: '#000000' } }],
      [3, { user: { name: '   ', color: '#000000' } }],
    ])
    const people = peopleFromAwareness(states, 99)
    expect(people).toHaveLength(1)
    expect(people[0].name.length).toBeLessThanOrEqual(40)
    expect(people[0].color).toBe('#6b7280')
  })

  it('reads the identity id a tab publishes, ignoring one that does not look like an id', () => {
    const states = new Map<number, unknown>([
      [1, { user: { name: 'Ada', color: '#1d4ed8', id: '0b7f2c1e-5d4a-4f7e-9a51-3c2d1e0f9a8b' } }],
      [2, { user: { name: 'Grace', color: '#be185d', id: '<script>' } }],
    ])
    expect(peopleFromAwareness(states, 99).map((person) => person.identityId)).toEqual(['0b7f2c1e-5d4a-4f7e-9a51-3c2d1e0f9a8b', null])
  })
})

describe('onePerPerson', () => {
  const ADA = 'ada-device-0001'
  const states = (entries: [number, Record<string, unknown>][]) => new Map<number, unknown>(entries)

  it('shows one person in several tabs once, for the tab with a caret that had input last, active as the most recent tab', () => {
    const people = peopleFromAwareness(
      states([
        [1, { user: { name: 'Ada', color: '#1d4ed8', id: ADA }, lastActive: 1000, cursor: null }],
        [2, { user: { name: 'Ada', color: '#1d4ed8', id: ADA }, lastActive: 900, cursor: { anchor: {}, head: {} } }],
        [3, { user: { name: 'Ada', color: '#1d4ed8', id: ADA }, lastActive: 950, cursor: { anchor: {}, head: {} } }],
        [4, { user: { name: 'Grace', color: '#be185d', id: 'grace-device-01' }, lastActive: 500 }],
      ]),
      99,
    )
    expect(onePerPerson(people).map(({ name, clientId, lastActive, hasCursor }) => ({ name, clientId, lastActive, hasCursor }))).toEqual([
      { name: 'Ada', clientId: 3, lastActive: 1000, hasCursor: true },
      { name: 'Grace', clientId: 4, lastActive: 500, hasCursor: false },
    ])
  })

  it('counts your other tabs as you, standing for this tab', () => {
    const people = peopleFromAwareness(
      states([
        [7, { user: { name: 'Me', color: '#15803d', id: ADA } }],
        [8, { user: { name: 'Me', color: '#15803d', id: ADA }, cursor: { anchor: {}, head: {} } }],
      ]),
      7,
    )
    expect(onePerPerson(people)).toMatchObject([{ clientId: 7, isYou: true, hasCursor: true }])
  })

  it('keeps apart clients that publish no id, even under the same name, and treats a tab without a time as active', () => {
    const people = peopleFromAwareness(
      states([
        [1, { user: { name: 'Ada', color: '#1d4ed8' } }],
        [2, { user: { name: 'Ada', color: '#1d4ed8' } }],
        [3, { user: { name: 'Kay', color: '#047857', id: 'kay-device-0001' }, lastActive: 10 }],
        [4, { user: { name: 'Kay', color: '#047857', id: 'kay-device-0001' } }],
      ]),
      99,
    )
    expect(onePerPerson(people).map(({ clientId, lastActive }) => ({ clientId, lastActive }))).toEqual([
      { clientId: 1, lastActive: null },
      { clientId: 2, lastActive: null },
      { clientId: 3, lastActive: null },
    ])
  })
})
