/**
 * The baseline page of bench/keypress-latency.ts: Tiptap with StarterKit and
 * Collaboration on a y-websocket provider, nothing else (no React, no
 * IndexedDB, no carets, no save confirmation). Bundled by esbuild at bench
 * time. `?ws=<server url>&room=<name>` says where to connect.
 */
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import StarterKit from '@tiptap/starter-kit'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const params = new URLSearchParams(location.search)
const doc = new Y.Doc()
const provider = new WebsocketProvider(params.get('ws') ?? '', params.get('room') ?? 'keypress', doc)
const mount = document.createElement('div')
document.body.append(mount)
new Editor({
  element: mount,
  extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: doc, field: 'default' })],
})
provider.on('sync', (synced: boolean) => {
  if (synced) document.body.dataset.synced = 'true'
})
