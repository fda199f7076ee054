import type { Editor } from '@tiptap/react'
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { UPLOAD_IMAGE_TYPES } from '../../shared/upload-api.ts'
import { imageSrc } from './image-src.ts'

/**
 * Adds an image (the toolbar's Image button): by its web address, or uploaded
 * from a file on this device. The description becomes the image's alt text,
 * read out by screen readers.
 */
export function ImageForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const [address, setAddress] = useState('')
  const [description, setDescription] = useState('')
  const [refused, setRefused] = useState(false)
  const fileInput = useRef<HTMLInputElement>(null)
  const errorId = useId()

  const close = (): void => {
    editor.commands.focus()
    onClose()
  }

  const insert = (event: FormEvent): void => {
    event.preventDefault()
    const src = imageSrc(address)
    if (src === null) {
      setRefused(true)
      return
    }
    editor.chain().focus().setImage({ src, alt: description.trim() }).run()
    onClose()
  }

  const upload = (files: FileList | null): void => {
    if (!files || files.length === 0) return
    editor.chain().focus().uploadImages(Array.from(files), { alt: description.trim() }).run()
    onClose()
  }

  const handleKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  }

  return (
    <form className="link-form image-form" aria-label="Image" onSubmit={insert} onKeyDown={handleKeyDown}>
      <label className="link-form__field">
        <span>Image address</span>
        <input
          type="text"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder="https://"
          value={address}
          onChange={(event) => {
            setAddress(event.target.value)
            setRefused(false)
          }}
          aria-invalid={refused}
          aria-describedby={refused ? errorId : undefined}
          autoFocus
        />
      </label>
      <label className="link-form__field">
        <span>Description</span>
        <input type="text" value={description} onChange={(event) => setDescription(event.target.value)} placeholder="What the image shows" />
      </label>
      <button type="submit" className="link-form__button link-form__button--primary">
        Insert
      </button>
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
      <button type="button" className="link-form__button" onClick={close}>
        Cancel
      </button>
      {refused && (
        <p id={errorId} className="link-form__error" role="alert">
          Only images on the web (http, https addresses) can be added by address; upload a file from this device instead.
        </p>
      )}
    </form>
  )
}
