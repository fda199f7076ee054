import { describe, expect, it } from 'vitest'
import { readableTextColor } from '../../shared/color-contrast.ts'
import { IDENTITY_PALETTE } from './palette.ts'
import { createRandomIdentity } from './random-identity.ts'

describe('createRandomIdentity', () => {
  it('makes a two-word name and a palette colour', () => {
    const identity = createRandomIdentity(() => 0.99)
    expect(identity.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/)
    expect(IDENTITY_PALETTE).toContain(identity.color)
  })
})

describe('readableTextColor', () => {
  it('uses dark text on light colours and white on dark ones', () => {
    expect(readableTextColor('#fde047')).toBe('#111827')
    expect(readableTextColor('#1d4ed8')).toBe('#ffffff')
  })
})
