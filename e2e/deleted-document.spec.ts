/**
 * Issue 19, point 6 (DELETE) and issue 20, point 6: a document deleted through the
 * document API tells everyone in it "This document was deleted" with the way on,
 * instead of a connection error and a reconnect loop; its link says so after a reload
 * too, and each device forgets it (its recent list). A device's copy is never sent
 * back on its own: its person chooses to restore the document from it (also after
 * being offline while it was deleted), or to delete the copy.
 */
import type { Page } from '@playwright/test'
import { adaStarts, graceOpens, twoPeople } from './support/document-people.ts'
import { seriousViolations } from './support/axe.ts'
import { closePeople, documentText, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

const API_KEY = 'the-api-key-of-this-test-run-0123456789abcdef'

test.use({ seedEnv: { API_KEY } })
test.afterEach(closePeople)

/** The deleted page; `copy`: whether it offers to restore the document from this device's copy, or (none) a new document. */
async function expectDeletedPage(page: Page, copy: boolean): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This document was deleted')
  await expect(page.getByRole('link', { name: 'Go to your documents' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Restore it from this device' })).toHaveCount(copy ? 1 : 0)
  await expect(page.getByTestId('new-document')).toHaveCount(copy ? 0 : 1)
  if (!copy) await expect(page.getByText('this device has no copy of it')).toBeVisible()
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

/** The document API's answer for the page's document: 404 once deleted (and not restored). */
function documentApi(seedUrl: string, page: Page, method: 'GET' | 'DELETE'): Promise<Response> {
  const room = new URL(page.url()).pathname.split('/').pop()!
  return fetch(new URL(`/api/v1/documents/${room}`, seedUrl), { method, headers: { Authorization: `Bearer ${API_KEY}` } })
}

async function deleteThroughApi(seedUrl: string, page: Page): Promise<string> {
  expect((await documentApi(seedUrl, page, 'DELETE')).status).toBe(204)
  return new URL(page.url()).pathname.split('/').pop()!
}

test('a document deleted through the API shows both people in it that it was deleted, after a reload too; its copy stays until its person deletes it', async ({ browser, seed }) => {
  const [ada, grace] = await twoPeople(browser, seed.url, 'A document about to be deleted')
  const room = await deleteThroughApi(seed.url, ada)

  for (const page of [ada, grace]) {
    await expectDeletedPage(page, true)
    expect(await keptOnDevice(page, room)).toEqual({ recent: false, copy: true })
  }
  expect(await seriousViolations(ada)).toEqual([])

  await grace.getByRole('button', { name: 'Delete this device’s copy' }).click()
  await expectDeletedPage(grace, false)
  await expect.poll(() => keptOnDevice(grace, room)).toEqual({ recent: false, copy: false })

  // Ada created it: a reload must not open it as her new document again.
  for (const [page, copy] of [[ada, true], [grace, false]] as const) {
    await page.reload()
    await expectDeletedPage(page, copy)
    expect(await keptOnDevice(page, room)).toEqual({ recent: false, copy })
  }

  await ada.getByRole('link', { name: 'Go to your documents' }).click()
  await expect(ada.getByTestId('recent-documents')).toBeVisible()
  await expect(ada.getByTestId('recent-documents')).not.toContainText('A document about to be deleted')
})

test('someone offline while their document was deleted restores it from their device, for themselves and for whoever opens its link', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Written before the trip.')
  await ada.context().setOffline(true)
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline')
  await typeAtEnd(ada, ' Typed on the plane.')
  await deleteThroughApi(seed.url, ada)

  await ada.context().setOffline(false)
  await expectDeletedPage(ada, true)
  // Back online, the device sent nothing of its copy: that is the person's choice.
  expect((await documentApi(seed.url, ada, 'GET')).status).toBe(404)
  // The dark theme here, the light one in the test above.
  await ada.emulateMedia({ colorScheme: 'dark' })
  expect(await seriousViolations(ada)).toEqual([])

  await ada.getByRole('button', { name: 'Restore it from this device' }).focus()
  await ada.keyboard.press('Enter')
  await expect(ada.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  const restored = 'Written before the trip. Typed on the plane.'
  await expect.poll(() => documentText(ada)).toBe(restored)

  const grace = await graceOpens(browser, ada.url())
  await expect.poll(() => documentText(grace)).toBe(restored)
})
