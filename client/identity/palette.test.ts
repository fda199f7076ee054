import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HEX_COLOR_PATTERN } from '../../shared/identity.ts'
import { colorDifference, contrastRatio, readableTextColor } from '../../shared/color-contrast.ts'
import { chooseDistinctColor, IDENTITY_PALETTE } from './palette.ts'

/** The paper carets are drawn on, read from the stylesheet so that a theme change cannot leave the palette behind. */
function surfaces(): { light: string; dark: string } {
  const css = readFileSync(new URL('../app/global.css', import.meta.url), 'utf8')
  const surfaceIn = (selector: string): string => {
    const block = css.slice(css.indexOf(`${selector} {`))
    const match = /--color-surface:\s*(#[0-9a-f]{6})/i.exec(block.slice(0, block.indexOf('}')))
    if (!match) throw new Error(`no --color-surface in ${selector}`)
    return match[1]
  }
  return { light: surfaceIn(':root'), dark: surfaceIn(":root[data-theme='dark']") }
}

describe('identity palette', () => {
  const { light, dark } = surfaces()

  it.each(IDENTITY_PALETTE)('%s is #rrggbb, carries its label text at AA and shows on both papers', (color) => {
    expect(color).toMatch(HEX_COLOR_PATTERN)
    expect(contrastRatio(color, readableTextColor(color))).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(color, light)).toBeGreaterThanOrEqual(3)
    expect(contrastRatio(color, dark)).toBeGreaterThanOrEqual(3)
  })

  it('has colours that are pairwise distinguishable', () => {
    for (const [index, first] of IDENTITY_PALETTE.entries()) {
      for (const second of IDENTITY_PALETTE.slice(index + 1)) {
        expect(colorDifference(first, second), `${first} vs ${second}`).toBeGreaterThanOrEqual(25)
      }
    }
  })
})

describe('chooseDistinctColor', () => {
  it('keeps your colour while nobody else in the room has it', () => {
    expect(chooseDistinctColor('#197cae', [])).toBe('#197cae')
    expect(chooseDistinctColor('#197cae', ['#d8381f', '#138813'])).toBe('#197cae')
  })

  it('moves to an unused palette colour, far from those in use, when yours is taken', () => {
    const taken = ['#197cae', '#3d64e3']
    const chosen = chooseDistinctColor('#197cae', taken)
    expect(IDENTITY_PALETTE).toContain(chosen)
    expect(taken).not.toContain(chosen)
    const nearestTaken = Math.min(...taken.map((color) => colorDifference(color, chosen)))
    for (const other of IDENTITY_PALETTE.filter((color) => !taken.includes(color))) {
      expect(nearestTaken).toBeGreaterThanOrEqual(Math.min(...taken.map((color) => colorDifference(color, other))))
    }
  })

  it('leaves a colour from outside the palette alone unless someone has it', () => {
    expect(chooseDistinctColor('#123456', ['#197cae'])).toBe('#123456')
    expect(IDENTITY_PALETTE).toContain(chooseDistinctColor('#123456', ['#123456']))
  })

  it('shares the least used colour once every colour is in use', () => {
    const everyOtherTwice = IDENTITY_PALETTE.flatMap((color) => (color === '#a451bd' ? [color] : [color, color]))
    expect(chooseDistinctColor('#d8381f', everyOtherTwice)).toBe('#a451bd')
  })
})
