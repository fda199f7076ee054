import * as Y from 'yjs'
import { connectClient, waitFor } from '../test-support/node-client.ts'
import { expect, test } from './support/seed-fixture.ts'

const MIB = 1024 * 1024

test('a document three times the send-buffer limit opens in the browser, complete, and says saved', async ({ page, seed }) => {
  const room = 'large-in-the-browser'
  const author = connectClient(seed.wsUrl, room)
  try {
    await author.synced()
    // 12 MiB beside the editor's content: the first sync reply is one 12 MiB message.
    const bulk = author.doc.getText('bulk')
    for (let i = 0; i < 12; i++) bulk.insert(bulk.length, String.fromCharCode(97 + i).repeat(MIB))
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('The last line of a large document.')])
    author.doc.getXmlFragment('default').insert(0, [paragraph])
    const check = connectClient(seed.wsUrl, room)
    await waitFor(() => check.doc.getXmlFragment('default').length === 1 && check.doc.getText('bulk').length === 12 * MIB, 'the server has it all', 30_000)
    check.destroy()
  } finally {
    author.destroy()
  }

  await page.goto(`${seed.url}r/${room}`)
  await expect(page.locator('.ProseMirror')).toContainText('The last line of a large document.', { timeout: 30_000 })
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'online-saved')
})
