import { describe, expect, it } from 'vitest'
import { initialsOf, normalizeName } from './identity-name.ts'

describe('normalizeName', () => {
  it('trims and collapses whitespace', () => {
    expect(normalizeName('  Ada   Lovelace ')).toBe('Ada Lovelace')
  })

  it('refuses a blank name', () => {
    expect(normalizeName('   ')).toBeNull()
  })

  it('bounds the length', () => {
    expect(normalizeName('x'.repeat(100))).toHaveLength(40)
  })
})

describe('initialsOf', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initialsOf('Curious Otter')).toBe('CO')
    expect(initialsOf('ada king lovelace')).toBe('AL')
    expect(initialsOf('Zoë')).toBe('Z')
  })

  it('keeps emoji whole', () => {
    expect(initialsOf('🦦 Otter')).toBe('🦦O')
  })
})
