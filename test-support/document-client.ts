/**
 * What tests of the server's document writes watch on a stock y-websocket
 * client: the document's text as the editor's fragment holds it, a change
 * arriving (on the document's own update event, no polling), and how the
 * server closed the connection.
 */
import * as Y from 'yjs'
import { DOCUMENT_FIELD } from '../shared/document-schema.ts'
import type { NodeClient } from './node-client.ts'

/** The text of every block of the client's document, one line each. */
export function documentText(doc: Y.Doc): string {
  return doc
    .getXmlFragment(DOCUMENT_FIELD)
    .toArray()
    .map((block) => (block instanceof Y.XmlElement ? blockText(block) : ''))
    .join('\n')
}

function blockText(element: Y.XmlElement): string {
  return element
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]*>/g, '') : child instanceof Y.XmlElement ? blockText(child) : ''))
    .join('')
}

/** Resolves at the first update of the client's document after which `holds` is true; rejects after `timeoutMs`. */
export function documentBecomes(client: NodeClient, holds: (doc: Y.Doc) => boolean, description: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (holds(client.doc)) return resolve()
    const timer = setTimeout(() => {
      client.doc.off('update', check)
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for: ${description}`))
    }, timeoutMs)
    function check(): void {
      if (!holds(client.doc)) return
      clearTimeout(timer)
      client.doc.off('update', check)
      resolve()
    }
    client.doc.on('update', check)
  })
}

/** Resolves with the code of the next close of the client's connection. */
export function nextCloseCode(client: NodeClient): Promise<number> {
  return new Promise((resolve) => {
    const onClose = (event: CloseEvent | null) => {
      client.provider.off('connection-close', onClose)
      resolve(event?.code ?? 0)
    }
    client.provider.on('connection-close', onClose)
  })
}
