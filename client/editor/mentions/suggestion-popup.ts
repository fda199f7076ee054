import { ReactRenderer } from '@tiptap/react'
import type { SuggestionKeyDownProps, SuggestionOptions, SuggestionProps } from '@tiptap/suggestion'
import type { ReactNode } from 'react'
import { SuggestionList, type SuggestionListProps } from './SuggestionList.tsx'

export interface SuggestionPopupOptions<Item> {
  /** The listbox's accessible name. */
  label: string
  renderItem: (item: Item) => ReactNode
  emptyText: string
}

let popups = 0

/** The next option after `index` in a list of `count`, `step` away, wrapping at both ends. */
export function wrappedIndex(index: number, step: number, count: number): number {
  return count === 0 ? 0 : (((index + step) % count) + count) % count
}

/**
 * The `render` of a @tiptap/suggestion plugin: a SuggestionList mounted beside the caret (the plugin
 * positions it with Floating UI), driven from the editor, which keeps the focus. ArrowUp and
 * ArrowDown move the active option, Enter or Tab chooses it, Escape closes the list (the plugin
 * handles Escape itself). While it is open, the editor points at the list (aria-controls) and
 * at the active option (aria-activedescendant), so screen readers follow the choice.
 */
export function suggestionPopup<Item>({ label, renderItem, emptyText }: SuggestionPopupOptions<Item>): SuggestionOptions<Item, Item>['render'] {
  return () => {
    const listId = `suggestion-list-${++popups}`
    const optionId = (index: number): string => `${listId}-option-${index}`
    let renderer: ReactRenderer<unknown, SuggestionListProps<Item>> | null = null
    let unmount: (() => void) | null = null
    let current: SuggestionProps<Item, Item> | null = null
    let activeIndex = 0

    const choose = (index: number): void => {
      const item = current?.items[index]
      if (item !== undefined) current?.command(item)
    }

    const show = (): void => {
      if (current === null || renderer === null) return
      const { items, editor } = current
      renderer.updateProps({ id: listId, label, items, activeIndex, optionId, renderItem, emptyText, onChoose: choose })
      const dom = editor.view.dom
      if (items.length === 0) {
        dom.removeAttribute('aria-controls')
        dom.removeAttribute('aria-activedescendant')
      } else {
        dom.setAttribute('aria-controls', listId)
        dom.setAttribute('aria-activedescendant', optionId(activeIndex))
      }
    }

    return {
      onStart(props) {
        current = props
        activeIndex = 0
        renderer = new ReactRenderer(SuggestionList<Item>, {
          editor: props.editor,
          className: 'suggestion-popup',
          props: { id: listId, label, items: props.items, activeIndex, optionId, renderItem, emptyText, onChoose: choose },
        })
        unmount = props.mount(renderer.element)
        show()
      },

      onUpdate(props) {
        // A new query is a new list: its best match comes first.
        if (props.query !== current?.query) activeIndex = 0
        current = props
        activeIndex = Math.min(activeIndex, Math.max(props.items.length - 1, 0))
        show()
      },

      onKeyDown({ event }: SuggestionKeyDownProps) {
        const count = current?.items.length ?? 0
        if (count === 0 || event.key === 'Escape') return false
        if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          activeIndex = wrappedIndex(activeIndex, event.key === 'ArrowDown' ? 1 : -1, count)
          show()
          return true
        }
        if (event.key === 'Enter' || event.key === 'Tab') {
          choose(activeIndex)
          return true
        }
        return false
      },

      onExit(props) {
        props.editor.view.dom.removeAttribute('aria-controls')
        props.editor.view.dom.removeAttribute('aria-activedescendant')
        unmount?.()
        renderer?.destroy()
        unmount = null
        renderer = null
        current = null
      },
    }
  }
}
