import type { Page } from '@playwright/test'

/** The document's view-only link (links mode), read from its share dialog, which is closed again. */
export async function viewLinkOf(page: Page): Promise<string> {
  await page.getByTestId('share-button').click()
  const dialog = page.getByRole('dialog', { name: 'Share this document' })
  const link = await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue()
  await dialog.getByRole('button', { name: 'Done' }).click()
  return link
}
