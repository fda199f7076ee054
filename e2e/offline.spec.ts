import type { Dialog, Page } from '@playwright/test'
import { adaStarts } from './support/document-people.ts'
import { closePeople, createDocument, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

/** The app shell's service worker has precached the client and controls this page. */
async function waitForOfflineShell(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true)
}

function roomIdOf(url: string): string {
  return new URL(url).pathname.split('/').pop() ?? ''
}

/**
 * Holds a read/write transaction on the room's IndexedDB store, so that every
 * write y-indexeddb starts afterwards waits behind it until
 * `releaseDeviceWrites()` is called in the page.
 */
async function holdDeviceWrites(page: Page, roomId: string): Promise<void> {
  const name = `seed-room-${roomId}`
  await expect.poll(() => page.evaluate(async (name) => (await indexedDB.databases()).some((db) => db.name === name), name)).toBe(true)
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name)
        request.onerror = () => reject(request.error)
        request.onsuccess = () => {
          const store = request.result.transaction(['updates'], 'readwrite').objectStore('updates')
          let held = true
          ;(window as unknown as { releaseDeviceWrites: () => void }).releaseDeviceWrites = () => (held = false)
          // A transaction stays open while it has requests: keep asking until released.
          const keepBusy = (): void => {
            if (held) store.get(0).onsuccess = keepBusy
          }
          store.get(0).onsuccess = () => {
            keepBusy()
            resolve()
          }
        }
      }),
    name,
  )
}

/** Closes the page as a person would; 'warned' when the browser asked "Leave site?" (the page then stays open). */
async function closeAsAPerson(page: Page): Promise<'closed' | 'warned'> {
  const outcome = new Promise<'closed' | 'warned'>((resolve) => {
    const onDialog = (dialog: Dialog): void => {
      page.off('close', onClose)
      expect(dialog.type()).toBe('beforeunload')
      void dialog.dismiss()
      resolve('warned')
    }
    const onClose = (): void => {
      page.off('dialog', onDialog)
      resolve('closed')
    }
    page.once('dialog', onDialog)
    page.once('close', onClose)
  })
  await page.close({ runBeforeUnload: true })
  return outcome
}

test('after one visit the app and the document open with no network, stay editable, and merge with what others wrote meanwhile', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Written online.')
  await waitForOfflineShell(ada)
  const url = ada.url()
  const status = ada.getByTestId('connection-status')

  await ada.context().setOffline(true)
  const reloaded = await ada.reload()
  expect(reloaded?.fromServiceWorker()).toBe(true)
  await expect(status).toHaveAttribute('data-state', 'offline')
  await expect.poll(() => documentText(ada)).toBe('Written online.')
  await typeAtEnd(ada, ' Typed on the plane.')
  await expect.poll(() => documentText(ada)).toBe('Written online. Typed on the plane.')

  const grace = await person(browser, 'Grace Hopper', '#be185d')
  await grace.goto(url)
  await expect.poll(() => documentText(grace)).toBe('Written online.')
  await grace.locator('.ProseMirror').click()
  await grace.keyboard.press('Control+Home')
  await grace.keyboard.type('Grace was here. ')
  await expect(grace.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')

  await ada.context().setOffline(false)
  const merged = 'Grace was here. Written online. Typed on the plane.'
  await expect.poll(() => documentText(ada)).toBe(merged)
  await expect.poll(() => documentText(grace)).toBe(merged)
  await expect(status).toHaveAttribute('data-state', 'online-saved')
})

test('the landing page marks the recent documents whose text is on this device', async ({ page, seed }) => {
  const url = await createDocument(page, seed.url)
  await typeAtEnd(page, 'Kept here')
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  await page.goto(seed.url)
  const entry = page.getByTestId('recent-documents').getByRole('listitem').filter({ hasText: 'Kept here' })
  await expect(entry).toContainText('Available offline')

  // The browser lost this device's copy (site data cleared): the document is no longer marked.
  const roomId = roomIdOf(url)
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name)
        request.onsuccess = () => resolve()
        request.onerror = () => reject(request.error)
      }),
    `seed-room-${roomId}`,
  )
  await page.reload()
  await expect(entry).toBeVisible()
  await expect(entry).not.toContainText('Available offline')
})

test('closing warns while an edit is neither on this device nor on the server, and stops warning once IndexedDB has it', async ({ browser, seed }) => {
  const ada = await adaStarts(browser, seed.url, 'Saved.')
  await waitForOfflineShell(ada)
  const url = ada.url()
  const status = ada.getByTestId('connection-status')

  await holdDeviceWrites(ada, roomIdOf(url))
  await ada.context().setOffline(true)
  await expect(status).toHaveAttribute('data-state', 'offline')
  await typeAtEnd(ada, ' Not stored yet.')
  expect(await closeAsAPerson(ada)).toBe('warned')

  await ada.evaluate(() => (window as unknown as { releaseDeviceWrites: () => void }).releaseDeviceWrites())
  // Each attempt that warns holds the page in a modal dialog for a moment: try once a second, not in a tight loop.
  await expect.poll(() => closeAsAPerson(ada), { intervals: [1000], timeout: 30_000 }).toBe('closed')

  // It really was on the device: it opens again with no network.
  const again = await ada.context().newPage()
  await again.goto(url)
  await expect.poll(() => documentText(again)).toBe('Saved. Not stored yet.')
})

test('closing does not warn once the server confirmed the edit, even while IndexedDB has not written it', async ({ page, seed }) => {
  const url = await createDocument(page, seed.url)
  await holdDeviceWrites(page, roomIdOf(url))
  await typeAtEnd(page, 'Confirmed by the server.')
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
  expect(await closeAsAPerson(page)).toBe('closed')
})

test.describe('when this device cannot be relied on', () => {
  test('storage the browser may clear is said in one calm sentence after the first edit', async ({ page, seed }) => {
    // The browser's own decision, made here the way Chromium makes it for a site without engagement.
    await page.addInitScript(() => {
      navigator.storage.persist = () => Promise.resolve(false)
      navigator.storage.persisted = () => Promise.resolve(false)
    })
    await createDocument(page, seed.url)
    const notice = page.getByTestId('storage-notice')
    await typeAtEnd(page, 'First words')
    await expect(notice).toHaveText(
      'This browser may clear documents kept on this device when it runs short of space; everything saved to the server stays safe.',
    )
  })

  test('storage the browser keeps needs no sentence', async ({ page, seed }) => {
    await page.addInitScript(() => {
      navigator.storage.persist = () => {
        ;(window as unknown as { persistAsked: boolean }).persistAsked = true
        return Promise.resolve(true)
      }
    })
    await createDocument(page, seed.url)
    await typeAtEnd(page, 'First words')
    await expect.poll(() => page.evaluate(() => (window as unknown as { persistAsked?: boolean }).persistAsked)).toBe(true)
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    await expect(page.getByTestId('storage-notice')).toHaveCount(0)
  })

  test('without IndexedDB (blocked site data) the page says so and keeps working online', async ({ browser, page, seed }) => {
    // What a browser that blocks site data does: opening a database fails.
    await page.addInitScript(() => {
      IDBFactory.prototype.open = function open(): IDBOpenDBRequest {
        throw new DOMException('Site data is blocked', 'SecurityError')
      }
    })
    const url = await createDocument(page, seed.url)
    await expect(page.getByTestId('storage-notice')).toHaveText(
      'This browser does not let Seed keep documents on this device (private browsing or blocked site data), so your changes are saved only while you are online.',
    )
    await typeAtEnd(page, 'Saved on the server only.')
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
    const other = await person(browser, 'Grace Hopper', '#be185d')
    await other.goto(url)
    await expect.poll(() => documentText(other)).toBe('Saved on the server only.')
  })
})
