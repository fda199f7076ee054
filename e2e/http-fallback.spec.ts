/**
 * Issue 9 (b): a person whose WebSockets are blocked (every socket closed by
 * the browser's network layer, as a proxy that refuses upgrades would) still
 * co-edits live with someone on a WebSocket, over the HTTP fallback, and the
 * status says so; once WebSockets work again the client moves back by itself.
 */
import { closePeople, createDocument, documentText, person, typeAtEnd } from './support/people.ts'
import { expect, test } from './support/seed-fixture.ts'

test.use({ seedShared: true })
test.afterEach(closePeople)

test('with WebSockets blocked a person co-edits over HTTP, and moves back to WebSocket once they work', async ({ browser, seed }) => {
  const ada = await person(browser, 'Ada Lovelace', '#1d4ed8')
  const grace = await person(browser, 'Grace Hopper', '#be185d')
  let webSocketsBlocked = true
  await grace.routeWebSocket(/\/ws\//, (socket) => {
    if (webSocketsBlocked) void socket.close()
    else socket.connectToServer()
  })

  // Grace's clock runs as usual but can be moved forward: the background probe's backoff is skipped, not waited out.
  await grace.clock.install()
  const url = await createDocument(ada, seed.url)
  await typeAtEnd(ada, 'Hello from Ada.')
  await grace.goto(url)
  const status = grace.getByTestId('connection-status')
  await expect(status).toHaveText('Online · via HTTP · saved')
  await expect.poll(() => documentText(grace)).toBe('Hello from Ada.')

  await typeAtEnd(grace, ' And Grace, over HTTP.')
  await expect.poll(() => documentText(ada)).toBe('Hello from Ada. And Grace, over HTTP.')
  await expect(status).toHaveText('Online · via HTTP · saved')
  await typeAtEnd(ada, ' Ada again.')
  await expect.poll(() => documentText(grace)).toBe('Hello from Ada. And Grace, over HTTP. Ada again.')
  await expect(ada.locator('.collaboration-carets__label')).toHaveText('Grace Hopper')
  await grace.locator('.ProseMirror').click()
  await expect(grace.locator('.collaboration-carets__label')).toHaveText('Ada Lovelace')

  webSocketsBlocked = false
  // The background probe runs 2 s after the fallback, then every 4, 8, 16 s: at most 16 s from now.
  await grace.clock.fastForward(16_000)
  await expect(status).toHaveText('Online · saved')
  await typeAtEnd(grace, ' Back on WebSocket.')
  await expect.poll(() => documentText(ada)).toBe('Hello from Ada. And Grace, over HTTP. Ada again. Back on WebSocket.')
  await expect(ada.locator('.collaboration-carets__label')).toHaveText('Grace Hopper')
})
