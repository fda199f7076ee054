import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/**
 * Undo and redo go through the document's undo history only, also when it has nothing left:
 * - ProseMirror's keymap retries a failed Shift shortcut without Shift, so Ctrl+Shift+Z with nothing left to redo
 *   would undo (Collaboration's redo returns false then); the redo keys are always taken here, before it.
 * - The browser's own undo and redo (Ctrl+Z with nothing left to undo, the Edit menu) replay its record of DOM
 *   changes, which ProseMirror would read back as a new edit.
 */
export const HistoryKeys = Extension.create({
  name: 'historyKeys',
  // Before Collaboration (priority 1000), whose redo shortcut returns false when there is nothing to redo.
  priority: 1001,

  addKeyboardShortcuts() {
    const redo = () => {
      this.editor.commands.redo()
      return true
    }
    return { 'Shift-Mod-z': redo, 'Mod-y': redo }
  },

  addProseMirrorPlugins() {
    const { editor } = this
    return [
      new Plugin({
        key: new PluginKey('historyKeys'),
        props: {
          handleDOMEvents: {
            beforeinput: (_view, event) => {
              if (event.inputType !== 'historyUndo' && event.inputType !== 'historyRedo') return false
              event.preventDefault()
              if (event.inputType === 'historyUndo') editor.commands.undo()
              else editor.commands.redo()
              return true
            },
          },
        },
      }),
    ]
  },
})
