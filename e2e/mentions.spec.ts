import type { Page } from '@playwright/test'
import { seriousViolations } from './support/axe.ts'
import { twoPeople } from './support/document-people.ts'
import { closePeople, documentText, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

const GRACE_COLOR = 'rgb(190, 24, 93)'

const mentionList = (page: Page) => page.getByRole('listbox', { name: 'People to mention' })
const mentionOf = (page: Page, name: string) => page.locator('.ProseMirror span[data-type="mention"]', { hasText: `@${name}` })

test('mention someone who is here with the keyboard: a listbox the editor keeps focus over, and a mention in their colour for both', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Mentions')
  // Grace edits, which puts her among the document's participants.
  await typeAtEnd(grace, ', with Grace')
  await expect.poll(() => documentText(ada)).toContain('Mentions, with Grace')

  await typeAtEnd(ada, '. Ask @gr')
  const list = mentionList(ada)
  const option = list.getByRole('option', { name: /Grace Hopper/ })
  await expect(option).toHaveAttribute('aria-selected', 'true')
  await expect(option).toContainText('here now')
  // The editor keeps the focus and points at the active option.
  const editor = ada.locator('.ProseMirror')
  await expect(editor).toBeFocused()
  await expect(editor).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id')) ?? 'missing')
  expect(await seriousViolations(ada)).toEqual([])
  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await seriousViolations(ada)).toEqual([])

  await ada.keyboard.press('ArrowDown')
  await expect(option).toHaveAttribute('aria-selected', 'true')
  await ada.keyboard.press('Enter')
  await expect(list).toBeHidden()
  await expect(editor).not.toHaveAttribute('aria-activedescendant')
  await ada.keyboard.type('about it.')
  for (const page of [ada, grace]) {
    await expect(mentionOf(page, 'Grace Hopper')).toHaveCSS('background-color', GRACE_COLOR)
    await expect.poll(() => documentText(page)).toContain('Ask @Grace Hopper about it.')
  }
})

test('someone who edited and left is still offered after a reload, known only from the document', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Mentions')
  // Grace edits, which puts her among the document's participants.
  await typeAtEnd(grace, ', with Grace')
  await expect.poll(() => documentText(ada)).toContain('Mentions, with Grace')

  await grace.context().close()
  await ada.reload()
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await expect(ada.getByTestId('presence-person').filter({ hasText: 'Grace Hopper' })).toHaveCount(0)
  await typeAtEnd(ada, ' Thanks @Hop')
  const past = mentionList(ada).getByRole('option', { name: /Grace Hopper/ })
  await expect(past).toContainText('was here')
  await ada.keyboard.press('Enter')
  await expect(mentionOf(ada, 'Grace Hopper')).toHaveCSS('background-color', GRACE_COLOR)
  await ada.keyboard.type('again.')
  await expect.poll(() => documentText(ada)).toContain('Thanks @Grace Hopper again.')
})
