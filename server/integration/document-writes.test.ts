/**
 * The server writing documents (DocumentService over the rooms) against the
 * real server, seen by stock y-websocket clients over real sockets.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { useServerPerTest } from '../../test-support/server-per-test.ts'
import { waitFor } from '../../test-support/node-client.ts'
import { documentBecomes, documentText, nextCloseCode } from '../../test-support/document-client.ts'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import { CloseCode } from '../../shared/protocol.ts'
import type { Writer } from '../storage/document-store.ts'

const API: Writer = { subject: 'api-key:test', name: null }
const markdown = (value: string) => ({ format: 'markdown' as const, value })

describe('server writes to documents', () => {
  const harness = useServerPerTest()

  async function created(content: string): Promise<string> {
    const summary = await harness.server.documents.create({ content: markdown(content), writer: API })
    return summary!.id
  }

  it('shows a replace to a connected stock client within a second', async () => {
    await harness.start()
    const id = await created('Before')
    const client = harness.client(id)
    await client.synced()
    expect(documentText(client.doc)).toBe('Before')

    const arrived = documentBecomes(client, (doc) => documentText(doc) === 'After\nand more', 'the replace reached the client', 1000)
    const result = await harness.server.documents.replace(id, markdown('After\n\nand more'), API)
    expect(result.replaced).toBe(true)
    await arrived
  })

  it('keeps what a person typed outside the replaced part, meanwhile, in their own copy', async () => {
    await harness.start()
    const id = await created('First paragraph\n\nSecond paragraph')
    const person = harness.client(id)
    await person.synced()
    // Typed while the replace is on its way: merged after it.
    person.provider.disconnect()
    const second = person.doc.getXmlFragment(DOCUMENT_FIELD).get(1) as Y.XmlElement
    const text = second.get(0) as Y.XmlText
    text.insert(text.length, ' plus mine')

    await harness.server.documents.replace(id, markdown('First changed\n\nSecond paragraph'), API)
    person.provider.connect()
    const expected = 'First changed\nSecond paragraph plus mine'
    await documentBecomes(person, (doc) => documentText(doc) === expected, 'the person’s copy holds both changes')
    // Another client holds both only once the server does.
    await documentBecomes(harness.client(id), (doc) => documentText(doc) === expected, 'the server holds both changes')
    const read = await harness.server.documents.read(id, 'text')
    expect(read?.body).toBe('First changed\n\nSecond paragraph plus mine')
  })

  it('writes to a room nobody has open: stored, and there when it is loaded again', async () => {
    await harness.start({ ROOM_UNLOAD_GRACE_MS: '0' })
    const id = await created('Cold')
    await harness.server.documents.replace(id, markdown('Written while nobody was there'), API)
    const update = new Y.Doc()
    update.getText('notes').insert(0, 'raw update')
    expect(await harness.server.documents.applyUpdate(id, Y.encodeStateAsUpdate(update), API)).toBe(true)
    await waitFor(() => harness.server.stats().loadedRooms === 0, 'the room is unloaded')

    const client = harness.client(id)
    await client.synced()
    expect(documentText(client.doc)).toBe('Written while nobody was there')
    expect(client.doc.getText('notes').toString()).toBe('raw update')
  })

  it('refuses a replace whose If-Match is not the current ETag, changing nothing', async () => {
    await harness.start()
    const id = await created('Original')
    const before = await harness.server.documents.read(id, 'json')
    const changed = await harness.server.documents.replace(id, markdown('Changed'), API, { ifMatch: before!.etag })
    expect(changed).toMatchObject({ replaced: true })
    const stale = await harness.server.documents.replace(id, markdown('Stale'), API, { ifMatch: before!.etag })
    expect(stale).toEqual({ replaced: false, reason: 'preconditionFailed', etag: changed.etag })
    expect((await harness.server.documents.read(id, 'text'))?.body).toBe('Changed')
  })

  it('deletes a document: its people are closed with 4410, a later connection is refused with 4410, and it reads as missing', async () => {
    await harness.start()
    const id = await created('Short-lived')
    const client = harness.client(id)
    await client.synced()
    const closed = nextCloseCode(client)
    await harness.server.documents.delete(id)
    expect(await closed).toBe(CloseCode.documentDeleted)

    const late = harness.client(id)
    expect(await nextCloseCode(late)).toBe(CloseCode.documentDeleted)
    expect(await harness.server.documents.read(id, 'json')).toBeNull()
    await harness.server.documents.delete(id)
  })
})
