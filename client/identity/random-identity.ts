import type { UserIdentity } from '../../shared/identity.ts'
import { IDENTITY_PALETTE } from './palette.ts'

const ADJECTIVES = [
  'Brave', 'Bright', 'Calm', 'Clever', 'Curious', 'Daring', 'Eager', 'Gentle', 'Happy', 'Jolly',
  'Kind', 'Lively', 'Lucky', 'Mellow', 'Nimble', 'Patient', 'Quiet', 'Sunny', 'Swift', 'Witty',
] as const

const ANIMALS = [
  'Badger', 'Beaver', 'Crane', 'Dolphin', 'Falcon', 'Fox', 'Hedgehog', 'Heron', 'Koala', 'Lynx',
  'Marten', 'Otter', 'Owl', 'Panda', 'Puffin', 'Rabbit', 'Robin', 'Seal', 'Swan', 'Wombat',
] as const

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]
}

export function createRandomIdentity(random: () => number = Math.random): UserIdentity {
  return {
    name: `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`,
    color: pick(IDENTITY_PALETTE, random),
  }
}
