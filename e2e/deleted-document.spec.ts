/**
 * Issue 19, point 6 (DELETE): a document deleted through the document API tells
 * everyone in it "This document was deleted" with the way on, instead of a
 * connection error and a reconnect loop; its link says so after a reload too, and
 * each device forgets it (recent list and its IndexedDB copy), so it does not come
 * back offline.
 */
import type { Page } from '@playwright/test'
import { twoPeople } from './support/document-people.ts'
import { closePeople } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'

test.use({ seedEnv: { API_KEY } })
test.afterEach(closePeople)

async function expectDeletedPage(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This document was deleted')
  await expect(page.getByRole('link', { name: 'Go to your documents' })).toBeVisible()
  await expect(page.getByTestId('new-document')).toBeVisible()
  // Not a connection problem: no status, no Try again, and no editor left to type into.
  await expect(page.getByTestId('connection-status')).toHaveCount(0)
  await expect(page.getByRole('textbox', { name: 'Document text' })).toHaveCount(0)
}

/** Whether this device still holds the room in its recent list / its IndexedDB copy. */
function keptOnDevice(page: Page, room: string): Promise<{ recent: boolean; copy: boolean }> {
  return page.evaluate(async (room) => {
    const recent = (JSON.parse(localStorage.getItem('seed:recent-documents') ?? '[]') as { roomId: string }[]).some((entry) => entry.roomId === room)
    const copy = (await indexedDB.databases()).some((database) => database.name === `seed-room-${room}`)
    return { recent, copy }
  }, room)
}

test('a document deleted through the API shows both people in it that it was deleted, after a reload too, and leaves their devices', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'A document about to be deleted')
  const room = new URL(ada.url()).pathname.split('/').pop()!
  for (const page of [ada, grace]) expect(await keptOnDevice(page, room)).toEqual({ recent: true, copy: true })

  const deleted = await fetch(new URL(`/api/v1/documents/${room}`, seed.url), { method: 'DELETE', headers: { Authorization: `Bearer ${API_KEY}` } })
  expect(deleted.status).toBe(204)

  for (const page of [ada, grace]) {
    await expectDeletedPage(page)
    await expect.poll(() => keptOnDevice(page, room)).toEqual({ recent: false, copy: false })
  }

  // Ada created it: a reload must not open it as her new document again.
  for (const page of [ada, grace]) {
    await page.reload()
    await expectDeletedPage(page)
    expect(await keptOnDevice(page, room)).toEqual({ recent: false, copy: false })
  }

  await ada.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(ada.getByTestId('recent-documents')).toBeVisible()
  await expect(ada.getByTestId('recent-documents')).not.toContainText('A document about to be deleted')
})
