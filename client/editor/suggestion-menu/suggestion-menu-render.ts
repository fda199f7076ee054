import { ReactRenderer } from '@tiptap/react'
import type { SuggestionOptions, SuggestionProps } from '@tiptap/suggestion'
import { movedActiveOption } from './active-option.ts'
import { SuggestionMenu, suggestionOptionId, type SuggestionMenuOption, type SuggestionMenuProps } from './SuggestionMenu.tsx'
import './suggestion-menu.css'

export interface SuggestionMenuRenderOptions<I> {
  /** What the list offers ("Blocks", "People"), read out with it. */
  label: string
  toOption: (item: I) => SuggestionMenuOption
}

let menuCount = 0

/**
 * The `render` of a @tiptap/suggestion plugin that shows its items in a SuggestionMenu
 * placed under the typed text (the plugin's `mount`, which positions it with Floating UI):
 * ↑ ↓ move, Enter chooses, a click chooses, Escape (the plugin's own) closes and leaves
 * the typed text. Any suggestion can use it: the slash menu, mentions.
 */
export function suggestionMenuRender<I>({ label, toOption }: SuggestionMenuRenderOptions<I>): NonNullable<SuggestionOptions<I, I>['render']> {
  return () => {
    const listboxId = `suggestion-menu-${++menuCount}`
    let renderer: ReactRenderer<unknown, SuggestionMenuProps> | null = null
    let unmount: (() => void) | null = null
    let current: SuggestionProps<I, I> | null = null
    let active = 0

    const choose = (index: number): void => {
      const item = current?.items[index]
      if (current && item !== undefined) current.command(item)
    }

    const show = (): void => {
      if (!current || !renderer) return
      const { items, editor } = current
      renderer.updateProps({ options: items.map(toOption), activeIndex: active })
      renderer.element.hidden = items.length === 0
      // The editor keeps the focus; screen readers follow the active option through it.
      const dom = editor.view.dom
      if (items.length === 0) {
        dom.removeAttribute('aria-activedescendant')
        dom.removeAttribute('aria-controls')
      } else {
        dom.setAttribute('aria-controls', listboxId)
        dom.setAttribute('aria-activedescendant', suggestionOptionId(listboxId, active))
      }
    }

    const point = (index: number): void => {
      active = index
      show()
    }

    const update = (props: SuggestionProps<I, I>): void => {
      if (props.query !== current?.query) active = 0
      // While the items for a new query are on their way, the list shows the last ones rather than blinking empty.
      current = props.loading && current ? { ...props, items: current.items } : props
      show()
    }

    return {
      onStart: (props) => {
        renderer = new ReactRenderer(SuggestionMenu, {
          editor: props.editor,
          className: 'suggestion-menu-popup',
          props: { listboxId, label, options: [], activeIndex: 0, onChoose: choose, onPoint: point },
        })
        unmount = props.mount(renderer.element)
        current = null
        update(props)
      },
      onUpdate: update,
      onKeyDown: ({ event }) => {
        if (!current || current.items.length === 0) return false
        if (event.key === 'Enter') {
          choose(active)
          return true
        }
        const moved = movedActiveOption(event.key, active, current.items.length)
        if (moved === null) return false
        point(moved)
        return true
      },
      onExit: (props) => {
        unmount?.()
        renderer?.destroy()
        props.editor.view.dom.removeAttribute('aria-activedescendant')
        props.editor.view.dom.removeAttribute('aria-controls')
        renderer = null
        unmount = null
        current = null
      },
    }
  }
}
