import { Extension } from '@tiptap/core'
import { isChangeOrigin } from '@tiptap/extension-collaboration'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/**
 * While the editor is not editable, drops every transaction that would change the
 * document unless it comes from Yjs (other people's edits arriving). A reader's
 * browser cannot type into a non-editable editor, but a command run some other way
 * (a shortcut, a paste, an extension) would otherwise become a local Yjs update,
 * kept in IndexedDB and sent to the server as if it were the reader's to make.
 */
export const ReadOnlyGuard = Extension.create({
  name: 'readOnlyGuard',

  addProseMirrorPlugins() {
    const { editor } = this
    return [
      new Plugin({
        key: new PluginKey('readOnlyGuard'),
        filterTransaction: (transaction) => editor.options.editable || !transaction.docChanged || isChangeOrigin(transaction),
      }),
    ]
  },
})
