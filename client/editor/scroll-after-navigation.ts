import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/** Keys the browser moves the caret with natively (ProseMirror handles only some of their cases itself). */
const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End'])

/**
 * Scrolls the caret clear of the sticky bars once a key moved it. ProseMirror scrolls with its
 * scroll margins (use-caret-clearance.ts) only when it reads the new selection within 50 ms of
 * the key; on a busy machine it reads it later, and the browser's own scrolling knows nothing of
 * the bars, so the caret could end up under the toolbar or the status bar. The scroll waits for
 * the selection ProseMirror reads after the key (its order against animation frames varies), and
 * is a transaction with no steps: nothing changes in the document or its history.
 */
export const ScrollAfterNavigation = Extension.create({
  name: 'scrollAfterNavigation',
  addProseMirrorPlugins() {
    let navigating = false
    return [
      new Plugin({
        key: new PluginKey('scrollAfterNavigation'),
        props: {
          handleKeyDown(_view, event) {
            navigating = NAVIGATION_KEYS.has(event.key)
            return false
          },
        },
        view: () => ({
          update(view, previous) {
            if (!navigating || previous.selection.eq(view.state.selection)) return
            navigating = false
            // Not from inside an update: the next task dispatches.
            setTimeout(() => {
              if (!view.isDestroyed && view.hasFocus()) view.dispatch(view.state.tr.scrollIntoView())
            })
          },
        }),
      }),
    ]
  },
})
