/**
 * Issue 17, point 7: New document creates the room on the server, so its link
 * opens for anyone before the creator types anything — over WebSocket, over
 * the HTTP fallback, and for a document started offline once its device is
 * back online.
 */
import type { Page } from '@playwright/test'
import { closePeople, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/** Both type; each sees the other's line and their own. */
async function bothTypeAndSeeBoth(ada: Page, grace: Page): Promise<void> {
  await typeAtEnd(ada, 'Ada was here.')
  await expect.poll(() => documentText(grace)).toBe('Ada was here.')
  await typeAtEnd(grace, ' Grace too.')
  await expect.poll(() => documentText(ada)).toBe('Ada was here. Grace too.')
  await expect.poll(() => documentText(grace)).toBe('Ada was here. Grace too.')
}

for (const transport of ['WebSocket', 'the HTTP fallback'] as const) {
  test(`a new document's link opens for someone else before its creator types, over ${transport}`, async ({ browser, seed }) => {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    const grace = await person(browser, 'Grace Hopper', '#be185d')
    // A socket closed by the browser's network layer, as a proxy that refuses upgrades would.
    if (transport !== 'WebSocket') await grace.routeWebSocket(/\/ws\//, (socket) => void socket.close())

    await ada.goto(seed.url)
    await ada.getByTestId('new-document').click()
    await expect(ada).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
    await grace.goto(ada.url())
    await expect(grace.getByRole('textbox', { name: 'Document text' })).toBeVisible()
    await expect(grace.getByTestId('connection-status')).toHaveText(transport === 'WebSocket' ? 'Online · saved' : 'Online · via HTTP · saved')
    await bothTypeAndSeeBoth(ada, grace)
  })
}

test('a document started offline is created once its device is online: its link opens for others before anything is typed', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  await ada.goto(seed.url)
  await expect(ada.getByTestId('new-document')).toBeVisible()
  await ada.context().setOffline(true)
  await ada.getByTestId('new-document').click()
  await expect(ada).toHaveURL(/\/r\/[A-Za-z0-9_-]{22}$/)
  await expect(ada.getByRole('textbox', { name: 'Document text' })).toBeFocused()
  const link = ada.url()

  await ada.context().setOffline(false)
  await expect.poll(() => ada.evaluate(() => localStorage.getItem('seed:pending-room-creations'))).toBeNull()
  // Ada leaves without typing: the room exists because it was created, not because someone is in it.
  await ada.context().close()

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(link)
  await expect(grace.getByRole('textbox', { name: 'Document text' })).toBeVisible()
  await typeAtEnd(grace, 'Grace starts it.')
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
})
