import type { Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { adaStarts, tableCells, twoPeople } from './support/document-people.ts'
import { closePeople, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'
import { newSharedDocument } from './support/share-links.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const blockMenu = (page: Page) => page.getByRole('listbox', { name: 'Blocks' })

/** Types `/` and a filter, then takes the first block offered with Enter. */
async function chooseBlock(page: Page, filter: string): Promise<void> {
  await page.keyboard.type(`/${filter}`)
  await expect(blockMenu(page).getByRole('option').first()).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(blockMenu(page)).toBeHidden()
}

test('the / menu, by keyboard: a heading, a checklist, a quote, a divider and a table, which the other person sees', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Plan')
  const menu = blockMenu(ada)
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('/')
  await expect(menu.getByRole('option')).toHaveCount(11)

  // Typing filters; the editor keeps the focus and points at the active option.
  await ada.keyboard.type('he')
  // Each heading's option shows its toolbar icon (H1, H2, H3) before its name.
  await expect(menu.getByRole('option')).toHaveText([/Heading 1$/, /Heading 2$/, /Heading 3$/])
  await ada.keyboard.press('ArrowDown')
  const heading2 = menu.getByRole('option', { name: 'Heading 2' })
  await expect(heading2).toHaveAttribute('aria-selected', 'true')
  const editor = ada.getByRole('textbox', { name: 'Document text' })
  await expect(editor).toBeFocused()
  await expect(editor).toHaveAttribute('aria-activedescendant', (await heading2.getAttribute('id')) ?? 'no id')
  await ada.keyboard.press('Enter')
  await expect(menu).toBeHidden()
  await expect(editor).not.toHaveAttribute('aria-activedescendant')
  await ada.keyboard.type('Goals')

  await ada.keyboard.press('Enter')
  await chooseBlock(ada, 'todo')
  await ada.keyboard.type('Ship it')
  // Enter in an empty checklist item or quote line leaves it for a plain line.
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Enter')
  await chooseBlock(ada, 'quote')
  await ada.keyboard.type('Be kind')
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Enter')
  await chooseBlock(ada, 'divider')
  await chooseBlock(ada, 'table')
  await ada.keyboard.type('Name')

  const page = grace.locator('.ProseMirror')
  await expect(page.locator('h2')).toHaveText('Goals')
  await expect(grace.getByRole('checkbox', { name: 'Task item checkbox for Ship it' })).toBeVisible()
  await expect(page.locator('blockquote')).toHaveText('Be kind')
  await expect(page.locator('hr')).toHaveCount(1)
  await expect.poll(() => tableCells(grace)).toEqual([
    ['Name', '', ''],
    ['', '', ''],
    ['', '', ''],
  ])
  // The typed `/filter` went with the choice.
  expect(await documentText(grace)).not.toContain('/')
})

test('the / menu: no serious accessibility problem in light and dark; Escape keeps the text; a click chooses; Image opens its form', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Notes')
  const menu = blockMenu(ada)
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('/')
  await expect(menu).toBeVisible()
  expect(await seriousViolations(ada)).toEqual([])
  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await seriousViolations(ada)).toEqual([])

  // Escape closes the menu and leaves what was typed; typing on does not reopen it.
  await ada.keyboard.type('ta')
  await ada.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await ada.keyboard.type('x')
  await expect(menu).toBeHidden()
  await expect.poll(() => documentText(ada)).toBe('Notes\n/tax')

  await ada.keyboard.press('Enter')
  await ada.keyboard.type('/')
  await menu.getByRole('option', { name: 'Numbered list' }).click()
  await expect(menu).toBeHidden()
  await ada.keyboard.type('One')
  await expect(ada.locator('.ProseMirror ol > li')).toHaveText('One')

  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('/ima')
  await ada.keyboard.press('Enter')
  await expect(ada.getByRole('textbox', { name: 'Image address' })).toBeFocused()
  await expect.poll(() => documentText(ada)).not.toContain('/ima')
})

test('a block dragged by its handle moves for both people, while the other person types elsewhere', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'First')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Second')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Third')
  await expect.poll(() => documentText(grace)).toBe('First\nSecond\nThird')

  // Grace's caret at the end of the second paragraph.
  await grace.locator('.ProseMirror > p', { hasText: 'Second' }).click()
  await grace.keyboard.press('End')

  const paragraphs = ada.locator('.ProseMirror > p')
  await paragraphs.nth(2).hover()
  const handle = ada.getByTestId('block-drag-handle')
  await expect(handle).toBeVisible()
  const from = await handle.boundingBox()
  const to = await paragraphs.first().boundingBox()
  if (!from || !to) throw new Error('the handle or the first paragraph has no box')

  await ada.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await ada.mouse.down()
  // Grace goes on typing while Ada's block is in flight.
  const typing = grace.keyboard.type(' and more', { delay: 40 })
  await ada.mouse.move(to.x + 8, to.y + 4, { steps: 8 })
  await ada.mouse.up()
  await typing

  await expect.poll(() => documentText(ada)).toBe('Third\nFirst\nSecond and more')
  await expect.poll(() => documentText(grace)).toBe('Third\nFirst\nSecond and more')

  // The phone layout has no handle: no hover to show it, no margin to hold it.
  await ada.setViewportSize({ width: 390, height: 800 })
  await paragraphs.nth(1).hover()
  await expect(handle).toHaveCount(0)
})

test.describe('links mode', () => {
  test.use({ seedEnv: { AUTH_MODE: 'links', AUTH_SECRET: 'e2e-links-secret-that-is-long-enough-0123456789' } })

  test('a view-only reader gets neither the / menu nor the drag handle', async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    const { viewLink } = await newSharedDocument(ada, seed.url)
    await typeAtEnd(ada, 'Read me')
    const grace = await person(browser, 'Grace Hopper', '#be185d')
    await grace.goto(viewLink)
    await expect(grace.getByRole('note', { name: 'View only' })).toBeVisible()
    await expect.poll(() => documentText(grace)).toBe('Read me')

    // The writer's handle shows where the reader's does not.
    const line = (page: Page) => page.locator('.ProseMirror > p').first()
    await line(ada).hover()
    await expect(ada.getByTestId('block-drag-handle')).toBeVisible()
    await line(grace).hover()
    await line(grace).click()
    await grace.keyboard.press('End')
    await grace.keyboard.type('/')
    await expect(blockMenu(grace)).toHaveCount(0)
    await expect(grace.getByTestId('block-drag-handle')).toHaveCount(0)
  })
})
