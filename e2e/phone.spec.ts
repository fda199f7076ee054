import type { Browser, Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { pasteLines } from './support/document-people.ts'
import { closePeople, person } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const PHONE = { width: 390, height: 844 }

/** Someone on a phone-sized screen; the page is not opened yet. */
async function phonePerson(browser: Browser, name: string, color: string, size = PHONE): Promise<Page> {
  const page = await person(browser, name, color)
  await page.setViewportSize(size)
  return page
}

/** Ada starts a document on her phone and writes its first line; Grace joins on hers. */
async function twoPhones(browser: Browser, seedUrl: string): Promise<[Page, Page]> {
  const ada = await phonePerson(browser, 'Ada Lovelace', '#1d4ed8')
  await ada.goto(seedUrl)
  await ada.getByTestId('new-document').click()
  await expect(ada.locator('.ProseMirror')).toBeFocused()
  await ada.keyboard.type('Meeting notes')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  const grace = await phonePerson(browser, 'Grace Hopper', '#be185d')
  await grace.goto(ada.url())
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(ada.getByTestId('presence-person')).toHaveCount(2)
  return [ada, grace]
}

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/** Resolves once the document has stopped scrolling (a wheel scroll goes on for a while after the wheel event). */
function scrollingSettled(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const scroller = document.querySelector('.document-main')!
        let last = scroller.scrollTop
        let stillFrames = 0
        const check = (): void => {
          stillFrames = scroller.scrollTop === last ? stillFrames + 1 : 0
          last = scroller.scrollTop
          if (stillFrames >= 10) resolve()
          else requestAnimationFrame(check)
        }
        requestAnimationFrame(check)
      }),
  )
}

/** How much of the screen's height shows the document's paper, below the sticky toolbar. */
function editorShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const paper = document.querySelector('.editor__paper')!.getBoundingClientRect()
    const shelf = document.querySelector('.editor__toolbar-shelf')!.getBoundingClientRect()
    return (Math.min(paper.bottom, innerHeight) - Math.max(paper.top, shelf.bottom)) / innerHeight
  })
}

test('at 390×844 nothing scrolls sideways, the document gets most of the height, and the toolbar is one row with the rest under More', async ({ browser, seed }) => {
  const [ada] = await twoPhones(browser, seed.url)
  expect(await horizontalOverflow(ada)).toBeLessThanOrEqual(0)
  expect(await editorShare(ada)).toBeGreaterThanOrEqual(0.7)

  const toolbar = ada.getByRole('toolbar', { name: 'Formatting' })
  const bold = toolbar.getByRole('button', { name: 'Bold' })
  const toolbarBox = (await toolbar.boundingBox())!
  expect(toolbarBox.height).toBeLessThan(2 * (await bold.boundingBox())!.height)
  expect(toolbarBox.x + toolbarBox.width).toBeLessThanOrEqual(PHONE.width)

  // The keyboard reaches everything: Shift+Tab from the document to the toolbar, End to More, the menu's arrows.
  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Shift+Tab')
  await ada.keyboard.press('End')
  const more = toolbar.getByRole('button', { name: 'More' })
  await expect(more).toBeFocused()
  await ada.keyboard.press('Enter')
  const menu = ada.getByRole('menu', { name: 'More formatting' })
  await expect(menu).toBeVisible()
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Strikethrough' })).toBeFocused()
  await ada.keyboard.press('ArrowDown')
  await ada.keyboard.press('ArrowDown')
  await ada.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Heading 1' })).toBeFocused()
  await ada.keyboard.press('Enter')
  await expect(menu).toBeHidden()
  await expect(ada.locator('.ProseMirror h1')).toHaveText('Meeting notes')
  expect(await horizontalOverflow(ada)).toBeLessThanOrEqual(0)

  await more.click()
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Heading 1' })).toHaveAttribute('aria-checked', 'true')
  await ada.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await expect(more).toBeFocused()
})

test('on a phone the header gives way while you type and comes back when you scroll up or leave the document', async ({ browser, seed }) => {
  const [ada] = await twoPhones(browser, seed.url)
  const header = ada.locator('header.topbar')
  // Ada has typed the first line.
  await expect(header).toBeHidden()
  await ada.keyboard.press('Shift+Tab')
  await expect(header).toBeVisible()

  await ada.locator('.ProseMirror').click()
  await ada.keyboard.press('Control+End')
  await ada.keyboard.press('Enter')
  // A page and more of notes, pasted in one step (typing them takes long on a loaded machine); then typing goes on after them.
  await pasteLines(ada, Array.from({ length: 30 }, (_, index) => `Line ${index + 1} of the notes.`))
  await ada.keyboard.type(' Typing.')
  await expect(header).toBeHidden()
  expect(await editorShare(ada)).toBeGreaterThanOrEqual(0.85)
  expect(await horizontalOverflow(ada)).toBeLessThanOrEqual(0)

  await ada.locator('.document-main').hover()
  await ada.mouse.wheel(0, -400)
  await expect(header).toBeVisible()
  await scrollingSettled(ada)

  await ada.locator('.ProseMirror').getByText('Line 30 of the notes.').click()
  await ada.keyboard.type(' More.')
  await expect(header).toBeHidden()
  await ada.keyboard.press('Shift+Tab')
  await expect(header).toBeVisible()

  // While typing with the header away, a lost connection brings it back: the status must be seen.
  await ada.locator('.ProseMirror').getByText('Line 29 of the notes.').click()
  await ada.keyboard.type(' Still typing.')
  await expect(header).toBeHidden()
  await ada.context().setOffline(true)
  await expect(header).toBeVisible()
  await expect(ada.getByTestId('connection-status')).toHaveText('Offline — changes kept on this device')
})

test('the header’s controls open from its menu, and the rename form fits a 360 px screen', async ({ browser, seed }) => {
  const ada = await phonePerson(browser, 'Ada Lovelace', '#1d4ed8', { width: 360, height: 740 })
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  await expect(ada.getByTestId('rename-button')).toBeHidden()
  const menuButton = ada.getByRole('button', { name: 'Menu' })
  await menuButton.click()
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true')
  await ada.getByTestId('rename-button').click()
  const input = ada.getByRole('textbox', { name: 'Your name' })
  await expect(input).toBeFocused()
  for (const part of [input, ada.getByRole('button', { name: 'Save' }), ada.getByRole('button', { name: 'Cancel' })]) {
    await expect(part).toBeInViewport({ ratio: 1 })
  }
  expect(await horizontalOverflow(ada)).toBeLessThanOrEqual(0)
  await input.fill('Ada on the bus')
  await ada.keyboard.press('Enter')
  await expect(ada.getByTestId('presence-person').first()).toContainText('Ada on the bus')

  await ada.keyboard.press('Escape')
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false')
  await expect(ada.getByTestId('rename-button')).toBeHidden()
})

/** Both phones: Grace has jumped to Ada's caret and opened the header's menu, Ada's More menu is open. */
async function twoPhonesWithMenusOpen(browser: Browser, seedUrl: string): Promise<[Page, Page]> {
  const [ada, grace] = await twoPhones(browser, seedUrl)
  await grace.getByRole('button', { name: /^Ada Lovelace/ }).click()
  await expect(grace.getByTestId('follow-bar')).toContainText('At Ada Lovelace’s cursor.')
  await grace.getByRole('button', { name: 'Menu' }).click()
  await ada.getByRole('button', { name: 'More' }).click()
  await expect(ada.getByRole('menu', { name: 'More formatting' })).toBeVisible()
  return [ada, grace]
}

// One set-up for both themes: the menus stay open while the theme changes.
test('a phone-sized page with two people has no serious accessibility problems, in the light and dark themes', async ({ browser, seed }) => {
  const [ada, grace] = await twoPhonesWithMenusOpen(browser, seed.url)
  for (const scheme of ['light', 'dark'] as const) {
    for (const page of [ada, grace]) {
      await page.emulateMedia({ colorScheme: scheme })
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme)
    }
    expect({ scheme, violations: await seriousViolations(grace) }).toEqual({ scheme, violations: [] })
    expect({ scheme, violations: await seriousViolations(ada) }).toEqual({ scheme, violations: [] })
  }
  // Still open: both themes were checked with them.
  await expect(grace.getByTestId('follow-bar')).toContainText('At Ada Lovelace’s cursor.')
  await expect(grace.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'true')
  await expect(ada.getByRole('menu', { name: 'More formatting' })).toBeVisible()
})
