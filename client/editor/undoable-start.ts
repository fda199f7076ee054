import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import * as Y from 'yjs'

/** The origin of the paragraph written below: not one the undo manager tracks, so undo never takes it away. */
const UNTRACKED_START = Symbol('untracked start')

/**
 * An empty document is an empty Y fragment, which ProseMirror shows as one empty paragraph. Left alone, the
 * first edit writes that paragraph to Yjs as part of the edit, so undoing everything empties the fragment again;
 * the next transaction then writes the shown paragraph back, untracked, and redo puts everything back after it,
 * one empty paragraph too many. Writing the shown paragraph untracked just before this person's first edit
 * makes the empty start part of the document: undo stops at it and redo rebuilds exactly what was written.
 */
export const UndoableStart = Extension.create({
  name: 'undoableStart',
  // Before Collaboration's sync plugin (priority 1000), whose view update writes the edit to Yjs.
  priority: 1001,

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('undoableStart'),
        view: () => ({
          update: (view, previous) => {
            const sync = ySyncPluginKey.getState(view.state) as
              | { type: Y.XmlFragment; isChangeOrigin: boolean; binding: { mux: (write: () => void) => void } }
              | undefined
            if (sync === undefined || sync.isChangeOrigin || sync.type.length > 0 || view.state.doc.eq(previous.doc)) return
            const fragment = sync.type
            // Inside the binding's mutex: the paragraph is already in the editor, which must not redraw from Yjs now.
            sync.binding.mux(() => fragment.doc?.transact(() => fragment.insert(0, [new Y.XmlElement('paragraph')]), UNTRACKED_START))
          },
        }),
      }),
    ]
  },
})
