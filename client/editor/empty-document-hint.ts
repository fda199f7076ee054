import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

/** Shows a "Start writing…" hint in a document that holds only one empty paragraph, to those who can write. */
export const EmptyDocumentHint = Extension.create({
  name: 'emptyDocumentHint',

  addProseMirrorPlugins() {
    const { editor } = this
    return [
      new Plugin({
        key: new PluginKey('emptyDocumentHint'),
        props: {
          decorations: ({ doc }) => {
            const only = doc.firstChild
            if (!editor.options.editable || doc.childCount !== 1 || !only?.isTextblock || only.content.size > 0) return null
            return DecorationSet.create(doc, [
              Decoration.node(0, only.nodeSize, { class: 'is-empty-document', 'data-hint': 'Start writing…' }),
            ])
          },
        },
      }),
    ]
  },
})
