import { Extension } from '@tiptap/core'
import { isChangeOrigin } from '@tiptap/extension-collaboration'
import { PluginKey } from '@tiptap/pm/state'
import { Suggestion } from '@tiptap/suggestion'
import { suggestionMenuRender } from '../suggestion-menu/suggestion-menu-render.ts'
import { icons } from '../toolbar-icons.tsx'
import { matchingBlocks, type SlashBlock } from './slash-blocks.ts'
import './blocks.css'

const slashMenuKey = new PluginKey('slashMenu')

/**
 * Typing `/` at the start of a line or after a space offers blocks to turn the line into
 * or insert (headings, lists, a table, an image…), filtered by what follows the `/`.
 * The suggestion only runs while the editor is editable, so readers never see it.
 */
export const SlashMenu = Extension.create<{ openImageForm: () => void }>({
  name: 'slashMenu',
  // Before the blocks' own Enter and arrow keys, which must not act while the menu is open.
  priority: 200,
  addOptions: () => ({ openImageForm: () => {} }),

  addProseMirrorPlugins() {
    const { openImageForm } = this.options
    return [
      Suggestion<SlashBlock, SlashBlock>({
        editor: this.editor,
        pluginKey: slashMenuKey,
        char: '/',
        decorationClass: 'slash-menu__query',
        items: ({ query }) => matchingBlocks(query),
        // Code is where a `/` is just a slash.
        allow: ({ state, range }) => !state.doc.resolve(range.from).parent.type.spec.code,
        // Someone else's edit (a `/` typed right where this caret is) does not open this person's menu; it keeps one open.
        shouldShow: ({ editor, transaction }) => !isChangeOrigin(transaction) || slashMenuKey.getState(editor.state)?.active === true,
        command: ({ editor, range, props: block }) => {
          const chain = editor.chain().focus().deleteRange(range)
          if (block.action.opensImageForm) {
            chain.run()
            openImageForm()
            return
          }
          block.action.command(chain).run()
        },
        render: suggestionMenuRender<SlashBlock>({
          label: 'Blocks',
          toOption: (block) => ({ key: block.action.id, label: block.label, icon: icons[block.action.id] }),
        }),
      }),
    ]
  },
})
