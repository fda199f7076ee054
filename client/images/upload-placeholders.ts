import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

/**
 * Where uploads in progress will land: one widget per upload, showing the file
 * name and progress, only on this person's screen. The widgets move with
 * everyone's edits (decorations are mapped through every transaction), so the
 * image is inserted where the placeholder is when the upload finishes.
 */
export interface UploadPlaceholder {
  readonly id: object
  /** Updates the progress shown (0 to 1). */
  progress(fraction: number): void
}

type PlaceholderMeta = { add: { id: object; pos: number; element: HTMLElement } } | { remove: object }

export const uploadPlaceholderKey = new PluginKey<DecorationSet>('imageUploadPlaceholders')

export function uploadPlaceholderPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: uploadPlaceholderKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, placeholders) {
        let next = placeholders.map(tr.mapping, tr.doc)
        const meta = tr.getMeta(uploadPlaceholderKey) as PlaceholderMeta | undefined
        if (meta && 'add' in meta) {
          const { id, pos, element } = meta.add
          next = next.add(tr.doc, [Decoration.widget(pos, element, { id, side: -1 })])
        } else if (meta && 'remove' in meta) {
          next = next.remove(next.find(undefined, undefined, (spec) => spec.id === meta.remove))
        }
        return next
      },
    },
    props: {
      decorations: (state) => uploadPlaceholderKey.getState(state),
    },
  })
}

/** Adds a placeholder at `pos` to the transaction. */
export function addPlaceholder(tr: Transaction, pos: number, fileName: string): UploadPlaceholder {
  const id = {}
  const element = document.createElement('span')
  element.className = 'image-upload'
  element.contentEditable = 'false'
  const label = document.createElement('span')
  label.className = 'image-upload__label'
  const bar = document.createElement('progress')
  bar.max = 100
  bar.value = 0
  bar.setAttribute('aria-label', `Uploading ${fileName}`)
  element.append(label, bar)
  const progress = (fraction: number) => {
    const percent = Math.round(fraction * 100)
    label.textContent = `Uploading “${fileName}”… ${percent} %`
    bar.value = percent
  }
  progress(0)
  tr.setMeta(uploadPlaceholderKey, { add: { id, pos, element } } satisfies PlaceholderMeta)
  return { id, progress }
}

export function removePlaceholder(tr: Transaction, placeholder: UploadPlaceholder): Transaction {
  return tr.setMeta(uploadPlaceholderKey, { remove: placeholder.id } satisfies PlaceholderMeta)
}

/** Where the placeholder is now; null when it is gone (its text was deleted by someone). */
export function placeholderPosition(state: EditorState, placeholder: UploadPlaceholder): number | null {
  const found = uploadPlaceholderKey.getState(state)?.find(undefined, undefined, (spec) => spec.id === placeholder.id)
  return found?.[0]?.from ?? null
}
