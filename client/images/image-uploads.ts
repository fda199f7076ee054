import { Extension, type Editor } from '@tiptap/core'
import { Plugin, Selection } from '@tiptap/pm/state'
import type { EditorView } from '@tiptap/pm/view'
import { caretAfterInsertedImagePlugin } from './caret-after-image.ts'
import { ImageView } from './image-view.ts'
import { addPlaceholder, placeholderPosition, removePlaceholder, uploadPlaceholderPlugin } from './upload-placeholders.ts'
import { problemBeforeUpload } from './upload-problems.ts'
import { uploadImage, UploadError } from './upload-client.ts'
import { UploadedImageLoader } from './uploaded-image-loader.ts'

export interface ImageUploadsOptions {
  roomId: string
  /** The room's current token (null in open mode): uploads and reading uploads need it. */
  token: () => string | null
  /** Tells the person, in a sentence, why an image was not added. */
  onProblem: (sentence: string) => void
  /** Opens the caption field of the selected image's toolbar (its caption was clicked). */
  onEditCaption: () => void
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    imageUploads: {
      /** Uploads the files and inserts each as an image where the selection is (or at `pos`). */
      uploadImages: (files: File[], options?: { alt?: string; pos?: number }) => ReturnType
    }
  }
}

const EMBEDDED_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']?\s*data:/i

/**
 * Images in a room's editor: files chosen, pasted or dropped are uploaded to
 * the server (with a placeholder showing progress) and inserted as an image
 * node pointing at the server's URL, never as data inside the document;
 * images are shown by ImageView (uploads through UploadedImageLoader), which
 * also resizes them and opens their caption. Whatever cannot be added is said
 * to the person through `onProblem`.
 */
export const ImageUploads = Extension.create<ImageUploadsOptions, { loader: UploadedImageLoader }>({
  name: 'imageUploads',

  addOptions: () => ({ roomId: '', token: () => null, onProblem: () => {}, onEditCaption: () => {} }),

  // Made with the storage, before the view draws its first images.
  addStorage() {
    return { loader: new UploadedImageLoader(this.options.token) }
  },

  onDestroy() {
    this.storage.loader.dispose()
  },

  addCommands() {
    return {
      uploadImages:
        (files, { alt = '', pos } = {}) =>
        ({ editor }) => {
          startUploads(editor, this.options, files, pos ?? editor.state.selection.from, alt)
          return true
        },
    }
  },

  addProseMirrorPlugins() {
    const { editor, options, storage } = this
    return [
      uploadPlaceholderPlugin(),
      caretAfterInsertedImagePlugin(),
      new Plugin({
        props: {
          nodeViews: { image: (node, view, getPos) => new ImageView(node, view, getPos, storage.loader, () => options.onEditCaption()) },
          handlePaste(view, event) {
            const files = Array.from(event.clipboardData?.files ?? [])
            const text = event.clipboardData?.getData('text/plain') ?? ''
            if (EMBEDDED_IMAGE.test(event.clipboardData?.getData('text/html') ?? '')) {
              options.onProblem('Images embedded in what you pasted were left out: save such an image as a file and add it with the Image button, or drop it here.')
            }
            // Rich text from Word or LibreOffice also carries a picture of itself: the text is what was meant.
            if (files.length === 0 || text.trim() !== '') return false
            startUploads(editor, options, files, view.state.selection.from, '')
            return true
          },
          handleDrop(view: EditorView, event: DragEvent, _slice, moved: boolean) {
            const files = Array.from(event.dataTransfer?.files ?? [])
            if (moved || files.length === 0) return false
            event.preventDefault()
            const dropped = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos
            // As with anything dropped, the caret goes where the drop landed, so the image arrives before it.
            if (dropped !== undefined && editor.isEditable) {
              view.dispatch(view.state.tr.setSelection(Selection.near(view.state.doc.resolve(dropped))))
              view.focus()
            }
            startUploads(editor, options, files, view.state.selection.from, '')
            return true
          },
        },
      }),
    ]
  },
})

function startUploads(editor: Editor, options: ImageUploadsOptions, files: File[], pos: number, alt: string): void {
  if (!editor.isEditable) {
    options.onProblem('This link only lets you read the document, so images cannot be added.')
    return
  }
  for (const file of files) {
    const problem = problemBeforeUpload(file, navigator.onLine)
    if (problem !== null) {
      options.onProblem(problem)
      continue
    }
    const { tr } = editor.state
    const placeholder = addPlaceholder(tr, Math.min(pos, tr.doc.content.size), file.name)
    editor.view.dispatch(tr)
    uploadImage(options.roomId, options.token(), file, placeholder.progress)
      .then(({ url }) => {
        if (editor.isDestroyed) return
        const at = placeholderPosition(editor.state, placeholder)
        editor.view.dispatch(removePlaceholder(editor.state.tr, placeholder))
        if (at === null) return
        // Whoever waited for the image gets the caret after it (caretAfterInsertedImagePlugin); whoever typed or moved on meanwhile keeps their place.
        const { selection } = editor.state
        const waited = selection.empty && selection.from === at
        editor.chain().insertContentAt(at, { type: 'image', attrs: { src: url, alt } }, { updateSelection: waited }).run()
      })
      .catch((error: unknown) => {
        if (editor.isDestroyed) return
        editor.view.dispatch(removePlaceholder(editor.state.tr, placeholder))
        options.onProblem(error instanceof UploadError ? error.message : `“${file.name}” could not be uploaded. Try again.`)
      })
  }
}
