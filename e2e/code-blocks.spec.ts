import type { Page } from '@playwright/test'
import { contrastRatio } from '../shared/color-contrast.ts'
import { seriousViolations } from './support/axe.ts'
import { twoPeople } from './support/document-people.ts'
import { closePeople } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/** `rgb(r, g, b)` as computed by the browser, as `#rrggbb`. */
function hex(rgb: string): string {
  const channels = rgb.match(/\d+/g)?.slice(0, 3) ?? []
  return `#${channels.map((channel) => Number(channel).toString(16).padStart(2, '0')).join('')}`
}

/** The lowest contrast of the code block's text (plain and every highlighted token) against the block's background. */
async function lowestCodeContrast(page: Page): Promise<number> {
  const pairs = await page.locator('.ProseMirror pre').evaluate((pre) => {
    const background = getComputedStyle(pre).backgroundColor
    const texts = [pre.querySelector('code') as Element, ...Array.from(pre.querySelectorAll('[class^="hljs-"]'))]
    return texts.map((text) => [getComputedStyle(text).color, background])
  })
  return Math.min(...pairs.map(([text, background]) => contrastRatio(hex(text), hex(background))))
}

test('a code block is highlighted in the language chosen for it, the other person sees that language, and it reads well in both themes', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'A snippet')
  await ada.keyboard.press('Enter')
  await ada.getByRole('button', { name: 'Code block' }).click()
  await ada.keyboard.type('const answer = "forty-two" // a comment')

  const language = ada.getByRole('combobox', { name: 'Code language' })
  await expect(language).toHaveValue('')
  await language.selectOption('typescript')
  await expect(ada.locator('.ProseMirror pre code')).toHaveClass('language-typescript')
  await expect(ada.locator('.ProseMirror pre .hljs-keyword')).toHaveText('const')
  await expect(ada.locator('.ProseMirror pre .hljs-string')).toHaveText('"forty-two"')
  await expect(ada.locator('.ProseMirror pre .hljs-comment')).toHaveText('// a comment')
  await expect(grace.getByRole('combobox', { name: 'Code language' })).toHaveValue('typescript')
  await expect(grace.locator('.ProseMirror pre .hljs-keyword')).toHaveText('const')

  for (const colorScheme of ['light', 'dark'] as const) {
    await ada.emulateMedia({ colorScheme })
    await expect(ada.locator('html')).toHaveAttribute('data-theme', colorScheme)
    expect(await lowestCodeContrast(ada)).toBeGreaterThanOrEqual(4.5)
    expect(await seriousViolations(ada)).toEqual([])
  }
})
