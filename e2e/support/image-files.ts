/**
 * The ways a person adds an image to the editor: the Image form (by address or
 * by uploading a file), a pasted file and a dropped file, as the browser would
 * deliver them.
 */
import type { Page } from '@playwright/test'

/**
 * The document's images. ProseMirror puts an empty <img class="ProseMirror-separator"> in a line that ends with
 * a widget, such as another person's caret on the empty line after an image: not an image of the document.
 */
export const DOCUMENT_IMAGES = '.ProseMirror img:not(.ProseMirror-separator)'

export interface ImageFile {
  name: string
  mimeType: string
  buffer: Buffer
}

/** Opens the Image form and uploads the file through its file input, as the file picker would. */
export async function uploadThroughForm(page: Page, file: ImageFile, description = ''): Promise<void> {
  await page.getByRole('button', { name: 'Image', exact: true }).click()
  const form = page.getByRole('form', { name: 'Image' })
  if (description) await form.getByRole('textbox', { name: 'Description' }).fill(description)
  await form.getByLabel('Image file to upload').setInputFiles(file)
}

/** Opens the Image form and inserts the image at `address`, described as `description`. */
export async function insertByAddress(page: Page, address: string, description: string): Promise<void> {
  await page.getByRole('button', { name: 'Image', exact: true }).click()
  const form = page.getByRole('form', { name: 'Image' })
  await form.getByRole('textbox', { name: 'Image address' }).fill(address)
  await form.getByRole('textbox', { name: 'Description' }).fill(description)
  await form.getByRole('button', { name: 'Insert' }).click()
}

/** Pastes the file into the editor, as copying an image file puts it on the clipboard. */
export function pasteImageFile(page: Page, file: ImageFile): Promise<void> {
  return page.locator('.ProseMirror').evaluate(
    (editor, { bytes, name, type }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }))
      editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
    },
    { bytes: [...file.buffer], name: file.name, type: file.mimeType },
  )
}

/** Drops the file on the editor's first line (`at: 'start'`, near its left edge) or at the end of its last block. */
export function dropImageFile(page: Page, file: ImageFile, at: 'start' | 'end'): Promise<void> {
  return page.locator('.ProseMirror').evaluate(
    (editor, { bytes, name, type, at }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }))
      // ProseMirror places a drop where it happens.
      const line = (at === 'start' ? editor.firstElementChild : editor.lastElementChild)!.getBoundingClientRect()
      const clientX = at === 'start' ? line.left + 5 : line.right - 2
      editor.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, clientX, clientY: line.top + line.height / 2, bubbles: true, cancelable: true }))
    },
    { bytes: [...file.buffer], name: file.name, type: file.mimeType, at },
  )
}
