import { NodeSelection, type Selection } from '@tiptap/pm/state'
import type { Editor } from '@tiptap/react'
import { BubbleMenu } from '@tiptap/react/menus'
import { useEffect, useRef } from 'react'
import { imageWidth, MIN_IMAGE_WIDTH, type ImageAlignment } from '../../shared/image-node.ts'
import { icons } from '../editor/toolbar-icons.tsx'
import { useEditorStateAfterPaint } from '../editor/use-editor-state-after-paint.ts'
import { CommittedField } from './CommittedField.tsx'

interface ImageLayout {
  align: ImageAlignment | null
  width: number | null
  caption: string
}

const isImageSelection = (selection: Selection): selection is NodeSelection => selection instanceof NodeSelection && selection.node.type.name === 'image'

/** The selected image's layout, or null when no image is selected. */
function selectedImage(editor: Editor): ImageLayout | null {
  const { selection } = editor.state
  if (!isImageSelection(selection)) return null
  const { align, width, caption } = selection.node.attrs as { align: ImageAlignment | null; width: unknown; caption: string | null }
  return { align, width: imageWidth(width), caption: caption ?? '' }
}

/** Sets attributes of the selected image, keeping it selected; nothing when no image is. */
function setImageAttributes(editor: Editor, attributes: Record<string, unknown>): void {
  editor
    .chain()
    .command(({ tr }) => {
      if (!isImageSelection(tr.selection)) return false
      const pos = tr.selection.from
      for (const [name, value] of Object.entries(attributes)) tr.setNodeAttribute(pos, name, value)
      return true
    })
    .run()
}

/** A typed width in whole pixels, never below the narrowest; blank means the image's own size. */
function typedWidth(text: string): number | null {
  const width = Math.round(Number(text))
  return text.trim() === '' || !Number.isFinite(width) ? null : Math.max(MIN_IMAGE_WIDTH, width)
}

/**
 * Whether the focus is in the editor or the toolbar, or on its way between
 * them: a field committing as it loses the focus changes the document while
 * the focus is on the body, and the toolbar must not vanish under the click.
 */
function focusNearby(editor: HTMLElement, toolbar: HTMLElement): boolean {
  const active = document.activeElement
  return active === null || active === document.body || editor.contains(active) || toolbar.contains(active)
}

const ALIGNMENTS = [
  { align: 'left', label: 'Align image left', icon: icons.alignLeft },
  { align: 'center', label: 'Center image', icon: icons.alignCenter },
  { align: 'right', label: 'Align image right', icon: icons.alignRight },
] as const

/**
 * The selected image's toolbar, beside it for people who may edit: its
 * alignment, its width in pixels (the keyboard's way to resize it; blank or
 * Original size is the image's own size) and its caption. Tab from the
 * selected image reaches it, Escape goes back to the image. Each change is
 * an attribute of the image node, so everyone sees it.
 */
export function ImageToolbar({ editor, captionRequest }: { editor: Editor; captionRequest: number }) {
  const image = useEditorStateAfterPaint(editor, selectedImage)
  const captionField = useRef<HTMLInputElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const backToImage = (): void => {
    editor.commands.focus()
  }

  // The plugin's view makes the menu itself an unnamed tab stop before its controls, each time it is built: when the
  // BubbleMenu registers it, and again whenever another plugin is registered later (the block drag handle's is).
  useEffect(() => {
    const element = menu.current
    if (!element) return
    element.removeAttribute('tabindex')
    const observer = new MutationObserver(() => {
      if (element.hasAttribute('tabindex')) element.removeAttribute('tabindex')
    })
    observer.observe(element, { attributes: true, attributeFilter: ['tabindex'] })
    return () => observer.disconnect()
  }, [])

  // A click on the caption asks for its field (ImageView); the menu is already shown by then.
  useEffect(() => {
    if (captionRequest > 0) captionField.current?.focus()
  }, [captionRequest])

  const current = (read: (layout: ImageLayout) => string) => () => {
    const layout = selectedImage(editor)
    return layout === null ? '' : read(layout)
  }

  return (
    <BubbleMenu
      ref={menu}
      editor={editor}
      pluginKey="imageToolbar"
      // Shown with the selection at once, so a clicked caption's field can take the focus.
      updateDelay={0}
      shouldShow={({ editor: shown, element, view, state }) => shown.isEditable && isImageSelection(state.selection) && focusNearby(view.dom, element)}
      options={{ placement: 'bottom' }}
      className="image-toolbar"
    >
      <div className="image-toolbar__bar" role="group" aria-label="Image layout">
        {ALIGNMENTS.map(({ align, label, icon }) => (
          <button
            key={align}
            type="button"
            className="toolbar__button"
            aria-label={label}
            title={label}
            aria-pressed={align === 'left' ? (image?.align ?? 'left') === 'left' : image?.align === align}
            onClick={() => setImageAttributes(editor, { align: align === 'left' ? null : align })}
          >
            {icon}
          </button>
        ))}
        <label className="image-toolbar__field image-toolbar__field--width">
          <span>Width</span>
          <CommittedField
            type="number"
            inputMode="numeric"
            min={MIN_IMAGE_WIDTH}
            step={10}
            placeholder="auto"
            value={image?.width?.toString() ?? ''}
            current={current((layout) => layout.width?.toString() ?? '')}
            commit={(text) => setImageAttributes(editor, { width: typedWidth(text), height: null })}
            onCancel={backToImage}
          />
          <span>pixels</span>
        </label>
        <button type="button" className="link-form__button" disabled={image?.width == null} onClick={() => setImageAttributes(editor, { width: null, height: null })}>
          Original size
        </button>
        <label className="image-toolbar__field image-toolbar__field--caption">
          <span>Caption</span>
          <CommittedField
            ref={captionField}
            type="text"
            placeholder="Add a caption"
            value={image?.caption ?? ''}
            current={current((layout) => layout.caption)}
            commit={(text) => setImageAttributes(editor, { caption: text.trim() === '' ? null : text.trim() })}
            onCancel={backToImage}
          />
        </label>
      </div>
    </BubbleMenu>
  )
}
