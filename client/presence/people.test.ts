import { describe, expect, it } from 'vitest'
import { peopleFromAwareness } from './people.ts'

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
})
