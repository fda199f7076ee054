import type { Editor } from '@tiptap/react'
import { useRef, useState } from 'react'
import { UPLOAD_IMAGE_TYPES } from '../../shared/upload-api.ts'
import { AddressForm } from '../editor/AddressForm.tsx'
import { imageAddressRefusal, imageSrc } from '../../shared/image-src.ts'

/**
 * Adds an image (the toolbar's Image button): by its web address, or uploaded
 * from a file on this device. The description becomes the image's alt text,
 * read out by screen readers.
 */
export function ImageForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const [description, setDescription] = useState('')
  const fileInput = useRef<HTMLInputElement>(null)

  const insert = (src: string): void => {
    editor.chain().focus().setImage({ src, alt: description.trim() }).run()
  }

  const upload = (files: FileList | null): void => {
    if (!files || files.length === 0) return
    editor.chain().focus().uploadImages(Array.from(files), { alt: description.trim() }).run()
    onClose()
  }

  return (
    <AddressForm
      editor={editor}
      onClose={onClose}
      name="Image"
      className="image-form"
      addressLabel="Image address"
      parse={(address) => imageSrc(address)}
      apply={insert}
      submitLabel="Insert"
      refusal={imageAddressRefusal}
      fields={
        <label className="link-form__field">
          <span>Description</span>
          <input type="text" value={description} onChange={(event) => setDescription(event.target.value)} placeholder="What the image shows" />
        </label>
      }
      actions={
        <>
          <button type="button" className="link-form__button" onClick={() => fileInput.current?.click()}>
            Upload from this device…
          </button>
          <input
            ref={fileInput}
            className="image-form__file"
            type="file"
            accept={UPLOAD_IMAGE_TYPES.join(',')}
            aria-label="Image file to upload"
            tabIndex={-1}
            onChange={(event) => upload(event.target.files)}
          />
        </>
      }
    />
  )
}
