import { closePeople, newcomer } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('the status says saving until the server confirms, then saved', async ({ page, seed }) => {
  await page.goto(seed.url)
  await page.getByTestId('new-document').click()
  const status = page.getByTestId('connection-status')
  await expect(status).toHaveAttribute('data-state', 'online-saved')
  await expect(status).toHaveText('Online · saved')
  await expect(status).toHaveAttribute('role', 'status')

  // "saving" may last only a few hundred milliseconds: record every state the element shows.
  await status.evaluate((element) => {
    const seen: string[] = []
    ;(window as unknown as { seenStates: string[] }).seenStates = seen
    new MutationObserver(() => seen.push(`${element.getAttribute('data-state')}: ${element.textContent}`)).observe(element, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    })
  })
  await page.locator('.ProseMirror').click()
  await page.keyboard.type('Saving this')
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates.at(-1)))
    .toBe('online-saved: Online · saved')
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates)
  expect(seen).toContain('online-saving: Online · saving…')
  expect(new Set(seen)).toEqual(new Set(['online-saving: Online · saving…', 'online-saved: Online · saved']))
})

test('a server that hangs is detected and shown within the provider timeout, and the page recovers', async ({ browser, page, seed }) => {
  // The page's clock runs as usual but can be moved forward: the 30 s of silence are skipped, not waited out.
  await page.clock.install()
  await page.goto(seed.url)
  await page.getByTestId('new-document').click()
  const status = page.getByTestId('connection-status')
  await expect(status).toHaveAttribute('data-state', 'online-saved')
  await page.locator('.ProseMirror').click()
  await page.keyboard.type('Before the hang.')
  await expect(status).toHaveAttribute('data-state', 'online-saved')

  // The socket stays open but nothing arrives: y-websocket gives up after 30 s of silence, not before.
  seed.freeze()
  await page.clock.fastForward(25_000)
  await expect(status).toHaveAttribute('data-state', 'online-saved')
  await page.clock.fastForward(10_000)
  await expect(status).toHaveAttribute('data-state', 'reconnecting')
  await page.keyboard.type(' Typed while it hung.')
  seed.thaw()
  // The next try comes after the reconnect backoff, which the clock skips as well.
  await page.clock.fastForward(10_000)
  await expect(status).toHaveAttribute('data-state', 'online-saved', { timeout: 20_000 })
  // Someone with nothing on their device gets both parts from the server.
  const other = await newcomer(browser)
  await other.goto(page.url())
  await expect(other.locator('.ProseMirror')).toContainText('Before the hang. Typed while it hung.')
})

test.describe('refusals', () => {
  // A server of their own: a limit set for one test, and its hits counted in the metrics.
  test.use({ seedShared: false })

  test.describe('too large a message', () => {
    test.use({ seedEnv: { MAX_MESSAGE_BYTES: '4096' } })

    test('a change the server refuses as too large stops the retries and says why', async ({ page, seed }) => {
      await page.goto(seed.url)
      await page.getByTestId('new-document').click()
      const status = page.getByTestId('connection-status')
      await expect(status).toHaveAttribute('data-state', 'online-saved')

      await page.locator('.ProseMirror').click()
      await page.keyboard.insertText('A long paste. '.repeat(800))

      await expect(status).toHaveText(
        'This change is too large for the server — it is kept on this device but was not saved to the server',
      )
      await expect(status).toHaveAttribute('data-state', 'offline')
      await expect(page.locator('.ProseMirror')).toContainText('A long paste.')

      // Trying again resends the same change, which the server refuses again: no silent loop.
      await page.getByRole('button', { name: 'Try again' }).click()
      await expect(status).toContainText('This change is too large for the server')
      await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible()
    })
  })

  test.describe('a document over the size limit', () => {
    test.use({ seedEnv: { MAX_DOCUMENT_BYTES: '2048' } })

    test('says so in plain words, keeps the change on the device, and does not resend it in a loop', async ({ page, seed }) => {
      await page.goto(seed.url)
      await page.getByTestId('new-document').click()
      const status = page.getByTestId('connection-status')
      await expect(status).toHaveAttribute('data-state', 'online-saved')

      await page.locator('.ProseMirror').click()
      await page.keyboard.insertText('Too much text. '.repeat(200))
      await expect(status).toHaveText(
        'This document is over the size limit — your last change was not saved to the server, it is kept on this device',
      )
      await expect(page.locator('.ProseMirror')).toContainText('Too much text.')

      const documentSizeHits = async () => {
        const metrics = await (await fetch(`${seed.url}metrics`)).text()
        return Number(/seed_limit_hits_total\{limit="document-size"\} (\d+)/.exec(metrics)?.[1] ?? 0)
      }
      expect(await documentSizeHits()).toBe(1)
      // Long enough for several reconnects if the client retried on its own.
      await page.waitForTimeout(3000)
      expect(await documentSizeHits()).toBe(1)
    })
  })
})
