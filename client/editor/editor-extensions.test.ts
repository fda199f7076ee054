import { getSchema } from '@tiptap/core'
import { afterEach, describe, expect, it } from 'vitest'
import { documentExtensions } from '../../shared/document-schema.ts'
import { connectClient, type NodeClient } from '../../test-support/node-client.ts'
import { schemaShape } from '../../test-support/schema-shape.ts'
import { ImageUploads } from '../images/image-uploads.ts'
import { editorExtensions } from './editor-extensions.ts'

let client: NodeClient | null = null
afterEach(() => {
  client?.destroy()
  client = null
})

describe('editorExtensions', () => {
  it('adds behaviour only: its schema is the shared document schema, node for node and attribute for attribute', () => {
    // Never connected: the provider is only the carets' awareness.
    client = connectClient('ws://127.0.0.1:9', 'schema-check', { connect: false })
    const extensions = editorExtensions({
      document: client.doc,
      provider: client.provider,
      user: { name: 'Ada Lovelace', color: '#197cae' },
      openLinkForm: () => {},
      openImageForm: () => {},
      imageUploads: ImageUploads.configure({ roomId: 'schema-check', token: () => null, onProblem: () => {}, onEditCaption: () => {} }),
    })
    expect(schemaShape(getSchema(extensions))).toEqual(schemaShape(getSchema(documentExtensions)))
  })
})
