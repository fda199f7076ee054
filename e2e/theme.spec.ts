import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })

test('the theme follows the system until chosen, and the choice survives a reload', async ({ page, seed }) => {
  const html = page.locator('html')
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(seed.url)
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await page.emulateMedia({ colorScheme: 'light' })
  await expect(html).toHaveAttribute('data-theme', 'light')

  const select = page.getByRole('combobox', { name: 'Theme' })
  await select.selectOption('dark')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
  expect(background).toBe('rgb(22, 24, 27)')

  await page.getByTestId('new-document').click()
  await expect(page.locator('.ProseMirror')).toBeVisible()
  await page.reload()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark')

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system')
  await expect(html).toHaveAttribute('data-theme', 'light')
})
