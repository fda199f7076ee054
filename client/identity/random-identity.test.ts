import { describe, expect, it } from 'vitest'
import { HEX_COLOR_PATTERN } from '../../shared/identity.ts'
import { contrastRatio, readableTextColor } from './color-contrast.ts'
import { createRandomIdentity, IDENTITY_PALETTE } from './random-identity.ts'

describe('identity palette', () => {
  it.each(IDENTITY_PALETTE)('%s is #rrggbb and carries white text at AA contrast', (color) => {
    expect(color).toMatch(HEX_COLOR_PATTERN)
    expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })
})

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
