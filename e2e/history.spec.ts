import { seriousViolations } from './support/axe.ts'
import { twoPeople } from './support/document-people.ts'
import { closePeople, documentText } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('one person saves a version, previews it with the other’s changes highlighted, restores it, and the other sees the restored text', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'Alpha beta gamma.')

  await ada.getByTestId('history-button').click()
  const panel = ada.getByRole('complementary', { name: 'Version history' })
  await expect(panel.getByRole('heading', { name: 'Version history' })).toBeFocused()
  await panel.getByRole('button', { name: 'Save version…' }).click()
  await panel.getByRole('textbox', { name: 'Version name' }).fill('First draft')
  await panel.getByRole('button', { name: 'Save', exact: true }).click()
  const draft = panel.getByTestId('version').filter({ hasText: 'First draft' })
  await expect(draft).toContainText('Ada Lovelace')

  // Grace rewrites the line while Ada has the panel open.
  await grace.locator('.ProseMirror').click()
  await grace.keyboard.press('Control+a')
  await grace.keyboard.type('Grace wrote this instead.')
  await expect.poll(() => documentText(ada)).toBe('Grace wrote this instead.')

  // Against the current text: the draft's words would come back, Grace's would go (the full stop stays).
  await draft.click()
  const preview = ada.getByTestId('version-preview')
  await expect(preview.getByRole('heading', { name: 'First draft' })).toBeVisible()
  await expect(ada.locator('.ProseMirror[contenteditable="true"]')).toBeHidden()
  await expect(preview.locator('ins.version-change--inserted')).toHaveText(['Alpha beta gamma'])
  await expect(preview.locator('del.version-change--deleted')).toHaveText(['Grace wrote this instead'])

  expect(await seriousViolations(ada)).toEqual([])
  await ada.emulateMedia({ colorScheme: 'dark' })
  await expect(ada.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await seriousViolations(ada)).toEqual([])

  // Against the version before it (the empty document: it is the first), the draft is Ada's words, in her colour.
  await preview.getByRole('radio', { name: 'Version before' }).check()
  await expect(preview.locator('ins.version-change--inserted')).toHaveText(['Alpha beta gamma.'])
  await expect(preview.locator('ins.version-change--inserted')).toHaveAttribute('style', /--change-color: #1d4ed8/)

  await preview.getByRole('button', { name: 'Restore this version' }).click()
  await expect.poll(() => documentText(grace)).toBe('Alpha beta gamma.')
  await expect(panel.getByTestId('version').filter({ hasText: 'Before restore' })).toBeVisible()
  await expect(ada.locator('.ProseMirror[contenteditable="true"]')).toBeVisible()
  expect(await documentText(ada)).toBe('Alpha beta gamma.')

  // Escape closes the panel and gives the focus back to the History button.
  await ada.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(ada.getByTestId('history-button')).toBeFocused()

  // On a phone the list is a sheet over the whole screen; a chosen version covers it, with a way back.
  await ada.setViewportSize({ width: 390, height: 844 })
  await ada.getByTestId('history-button').click()
  await expect(panel).toBeVisible()
  expect(await panel.boundingBox()).toMatchObject({ x: 0, y: 0, width: 390, height: 844 })
  await draft.click()
  await expect(preview.getByRole('heading', { name: 'First draft' })).toBeVisible()
  await expect(panel).toBeHidden()
  await preview.getByRole('button', { name: 'All versions' }).click()
  await expect(panel).toBeVisible()
  await expect(preview).toBeHidden()
})
