import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Keys the browser moves the caret with natively (ProseMirror handles only some of their cases itself). */
const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'])

/**
 * Scrolls the caret clear of the sticky bars after a key moved it. ProseMirror scrolls with its
 * scroll margins (use-caret-clearance.ts) only when it reads the new selection within 50 ms of
 * the key; on a busy machine it reads it later, and the browser's own scrolling knows nothing
 * of the bars, so the caret could end up under the status bar or the toolbar. A transaction
 * with no steps changes nothing in the document or its history.
 */
export const ScrollAfterNavigation = Extension.create({
  name: 'scrollAfterNavigation',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('scrollAfterNavigation'),
        props: {
          handleKeyDown(view, event) {
            if (!NAVIGATION_KEYS.has(event.key)) return false
            // After the browser moved the selection and ProseMirror read it.
            requestAnimationFrame(() => {
              if (!view.isDestroyed && view.hasFocus()) view.dispatch(view.state.tr.scrollIntoView())
            })
            return false
          },
        },
      }),
    ]
  },
})
