import { Extension } from '@tiptap/core'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import type { VersionChanges } from './version-changes.ts'

export interface ShownChanges {
  changes: VersionChanges
  /** The author's `#rrggbb` when one person made the changes; null: the neutral colour. */
  color: string | null
}

const key = new PluginKey<DecorationSet>('changeHighlights')

function deletedWidget(text: string, inline: boolean, style: string | undefined): HTMLElement {
  const element = document.createElement('del')
  element.className = inline ? 'version-change version-change--deleted' : 'version-change version-change--deleted version-change--block'
  element.textContent = text
  if (style) element.setAttribute('style', style)
  return element
}

/** Makes `shown` the changes the preview highlights (the preview's document never changes, the comparison does). */
export function showChanges(tr: Transaction, shown: ShownChanges): Transaction {
  const { changes, color } = shown
  // The tint and underline follow the author's colour (history.css); without one, the neutral colour.
  const style = color === null ? undefined : `--change-color: ${color}; --change-tint: ${color}2e`
  const attrs = { nodeName: 'ins', class: 'version-change version-change--inserted', ...(style ? { style } : {}) }
  const decorations = DecorationSet.create(tr.doc, [
    ...changes.inserted.map(({ from, to }) => Decoration.inline(from, to, attrs)),
    ...changes.deleted.map(({ at, text, inline }, index) =>
      Decoration.widget(at, () => deletedWidget(text, inline, style), { side: -1, marks: [], key: `deleted-${index}-${color}-${text}` }),
    ),
  ])
  return tr.setMeta(key, decorations)
}

/**
 * For the read-only version preview: what changed, as decorations (never in the document):
 * inserted text wrapped in <ins>, deleted text shown struck through in a <del> widget where it was.
 */
export const ChangeHighlights = Extension.create({
  name: 'changeHighlights',

  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, current) => tr.getMeta(key) ?? current.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})
