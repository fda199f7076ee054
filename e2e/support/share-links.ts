import type { Page } from '@playwright/test'
import { expect } from './seed-fixture.ts'

/** A new document, created from the landing page; returns its two links as the share dialog shows them (links mode). */
export async function newSharedDocument(page: Page, url: string): Promise<{ editLink: string; viewLink: string }> {
  await page.goto(url)
  await page.getByTestId('new-document').click()
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await page.getByTestId('share-button').click()
  const dialog = page.getByRole('dialog', { name: 'Share this document' })
  const links = {
    editLink: await dialog.getByRole('textbox', { name: 'Can edit' }).inputValue(),
    viewLink: await dialog.getByRole('textbox', { name: 'Can view only' }).inputValue(),
  }
  await dialog.getByRole('button', { name: 'Done' }).click()
  return links
}
