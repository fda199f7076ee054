import type { Page } from '@playwright/test'
import { closePeople, createDocument, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'
import { startFreezableProxy } from '../test-support/freezable-proxy.ts'

test.use({ seedShared: true })

// Presence right (issue 18 point 9): one person is one avatar however many tabs, and a dead connection does not linger.
test.afterEach(closePeople)

const avatars = (page: Page) => page.getByTestId('presence-person')

test('one person in two tabs is one avatar for everyone, and both their carets show', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'First line')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Second line')
  const adaAgain = await ada.context().newPage()
  await adaAgain.goto(url)
  await expect(adaAgain.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await adaAgain.locator('.ProseMirror').click()
  await adaAgain.keyboard.press('Control+Home')

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(url)
  await expect(grace.locator('.collaboration-carets__caret')).toHaveCount(2)
  await expect(grace.locator('.collaboration-carets__caret').filter({ hasText: 'Ada Lovelace' })).toHaveCount(2)
  await expect(avatars(grace)).toHaveCount(2)
  await expect(avatars(grace).filter({ hasText: 'Ada Lovelace' })).toHaveCount(1)
  await expect(grace.getByTestId('presence-list')).toContainText('2 people here')
  // Each of Ada's tabs shows her once too: herself and Grace.
  for (const tab of [ada, adaAgain]) {
    await expect(avatars(tab)).toHaveCount(2)
    await expect(tab.getByTestId('presence-list')).toContainText('2 people here')
  }

  // Closing one tab leaves her here, in the other.
  await adaAgain.close()
  await expect(grace.locator('.collaboration-carets__caret')).toHaveCount(1)
  await expect(avatars(grace).filter({ hasText: 'Ada Lovelace' })).toHaveCount(1)
})

test('someone whose connection dies without a word leaves the others’ list within 10 s', async ({ browser, seed }) => {
  // Grace reaches Seed through her own network, which dies below without closing anything (freezable-proxy.ts says
  // why not context.setOffline: Chromium's network stack keeps answering the server's pings).
  const gracesNetwork = await startFreezableProxy(seed.port)
  try {
    const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
    const url = new URL(await createDocument(ada, seed.url))
    const grace = await person(browser, 'Grace Hopper', '#be185d')
    url.port = String(gracesNetwork.port)
    await grace.goto(url.href)
    await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    await expect(avatars(ada)).toHaveCount(2)

    // Nothing she sends arrives any more, not even a close, and nothing reaches her, not even a ping.
    gracesNetwork.freeze()
    // The server's heartbeat bound with the defaults is 8 s (README, "Presence"); the rest is the way to Ada's screen.
    await expect(avatars(ada)).toHaveCount(1, { timeout: 10_000 })
    await expect(ada.getByTestId('presence-list')).toContainText('1 person here')
  } finally {
    await gracesNetwork.close()
  }
})
