import { describe, expect, it } from 'vitest'
import type { Person } from '../../presence/people.ts'
import { MAX_CANDIDATES, mentionCandidates } from './mention-candidates.ts'
import type { Participant } from './past-participants.ts'

const ADA = 'ada-00000001'
const GRACE = 'grace-0000001'
const ALAN = 'alan-00000001'

function here(identityId: string | null, name: string, isYou = false): Person {
  return { clientId: name.length, identityId, name, color: '#1d4ed8', isYou, lastActive: null, hasCursor: true }
}

const past = (id: string, name: string, lastEdit = 1): Participant => ({ id, name, color: '#be185d', lastEdit })
const names = (candidates: { name: string }[]): string[] => candidates.map((candidate) => candidate.name)

describe('mentionCandidates', () => {
  it('offers the people here first, then those who were, never you', () => {
    const candidates = mentionCandidates([here(ADA, 'Ada Lovelace', true), here(GRACE, 'Grace Hopper')], [past(ALAN, 'Alan Turing'), past(ADA, 'Ada Lovelace')], '', ADA)
    expect(candidates).toEqual([
      { id: GRACE, name: 'Grace Hopper', color: '#1d4ed8', here: true },
      { id: ALAN, name: 'Alan Turing', color: '#be185d', here: false },
    ])
  })

  it('offers someone here and in the past list once, under the name they have now', () => {
    expect(mentionCandidates([here(GRACE, 'Admiral Hopper')], [past(GRACE, 'Grace Hopper')], '', null)).toEqual([{ id: GRACE, name: 'Admiral Hopper', color: '#1d4ed8', here: true }])
  })

  it('leaves out people here without an identity id: a mention could not tell them apart later', () => {
    expect(mentionCandidates([here(null, 'Old Client')], [], '', null)).toEqual([])
  })

  it('filters by the query, ignoring case: names that start with it, then a word that does, then any match', () => {
    const people = [past('id-000000001', 'Margaret Hamilton'), past('id-000000002', 'Hedy Lamarr'), past('id-000000003', 'Grace Hopper'), past('id-000000004', 'Ada Lovelace')]
    expect(names(mentionCandidates([], people, 'h', null))).toEqual(['Hedy Lamarr', 'Margaret Hamilton', 'Grace Hopper'])
    expect(names(mentionCandidates([], people, 'AMI', null))).toEqual(['Margaret Hamilton'])
    expect(mentionCandidates([], people, 'zz', null)).toEqual([])
  })

  it('shows at most MAX_CANDIDATES', () => {
    const many = Array.from({ length: MAX_CANDIDATES + 5 }, (_, index) => past(`person-${String(index).padStart(4, '0')}`, `Person ${index}`))
    expect(mentionCandidates([], many, 'person', null)).toHaveLength(MAX_CANDIDATES)
  })
})
