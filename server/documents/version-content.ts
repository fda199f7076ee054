/** A version's content, read from its encoded state (a Y.Doc for the time of the read). */
import * as Y from 'yjs'
import { TITLE_FIELD } from '../../shared/document-schema.ts'
import { documentJson } from './document-content.ts'
import type { ProseMirrorJson } from './document-service.ts'

export function versionContent(state: Uint8Array): { json: ProseMirrorJson; typedTitle: string } {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return { json: documentJson(doc), typedTitle: doc.getText(TITLE_FIELD).toString() }
  } finally {
    doc.destroy()
  }
}
