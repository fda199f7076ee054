import * as Y from 'yjs'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'

/** Whether these stored updates, replayed, give a document with any content (the rule the room page opens offline by). */
export function hasDocumentContent(updates: readonly Uint8Array[]): boolean {
  const doc = new Y.Doc()
  try {
    Y.transact(doc, () => updates.forEach((update) => Y.applyUpdate(doc, update)))
    return doc.getXmlFragment(DOCUMENT_FIELD).length > 0
  } finally {
    doc.destroy()
  }
}
