import type { Page } from '@playwright/test'
import { expect } from './seed-fixture.ts'

/** An error page says what happened in plain words; its technical reason shows only once its Details are opened. */
export async function expectReasonBehindDetails(page: Page, reason: RegExp): Promise<void> {
  const technical = page.getByText(reason)
  await expect(technical).toBeHidden()
  await page.getByText('Details', { exact: true }).click()
  await expect(technical).toBeVisible()
}
