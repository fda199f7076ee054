import type { UserIdentity } from '../../shared/identity.ts'

/** Deep enough for white text on them (contrast ≥ 4.5:1) and visible as a caret on white paper. */
export const IDENTITY_PALETTE = [
  '#b91c1c',
  '#c2410c',
  '#a16207',
  '#4d7c0f',
  '#15803d',
  '#047857',
  '#0f766e',
  '#0e7490',
  '#0369a1',
  '#1d4ed8',
  '#4338ca',
  '#6d28d9',
  '#7e22ce',
  '#a21caf',
  '#be185d',
  '#be123c',
] as const

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
