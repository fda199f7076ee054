import { describe, expect, it } from 'vitest'
import type { Person } from './people.ts'
import { describeHeadcount, presenceStatusOf, type PresenceContext } from './presence-status.ts'

const NOW = 1_800_000_000_000
const person = (changes: Partial<Person>): Person => ({
  clientId: 1,
  identityId: null,
  name: 'Grace',
  color: '#be185d',
  isYou: false,
  lastActive: NOW,
  hasCursor: true,
  ...changes,
})
const context = (changes: Partial<PresenceContext> = {}): PresenceContext => ({
  reachable: true,
  unsavedChanges: false,
  now: NOW,
  idleAfterMs: 60_000,
  ...changes,
})

describe('presenceStatusOf', () => {
  it('shows others as active or idle while connected', () => {
    expect(presenceStatusOf(person({ lastActive: NOW - 1_000 }), context())).toBe('active')
    expect(presenceStatusOf(person({ lastActive: NOW - 61_000 }), context())).toBe('idle')
  })

  it('greys everyone out while the server cannot be reached, idle or not', () => {
    expect(presenceStatusOf(person({ lastActive: NOW }), context({ reachable: false }))).toBe('unreachable')
    expect(presenceStatusOf(person({ lastActive: NOW - 61_000 }), context({ reachable: false }))).toBe('unreachable')
  })

  it('says so when your own changes are only on this device', () => {
    const you = person({ isYou: true, lastActive: NOW - 120_000 })
    expect(presenceStatusOf(you, context())).toBe('active')
    expect(presenceStatusOf(you, context({ reachable: false, unsavedChanges: true }))).toBe('pending')
    expect(presenceStatusOf(you, context({ reachable: false }))).toBe('unreachable')
  })
})

describe('describeHeadcount', () => {
  it('counts people and the idle among them, and says when the list is only the last one seen', () => {
    expect(describeHeadcount(['active'], true)).toBe('1 person here')
    expect(describeHeadcount(['active', 'idle', 'active'], true)).toBe('3 people here · 1 idle')
    expect(describeHeadcount(['pending', 'unreachable'], false)).toBe('Not connected · 2 people last seen')
    expect(describeHeadcount(['pending'], false)).toBe('Not connected')
  })
})
