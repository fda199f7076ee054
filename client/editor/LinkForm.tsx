import type { Editor } from '@tiptap/react'
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react'
import { linkHref } from './link-href.ts'

/**
 * Adds, changes or removes the link at the selection (Ctrl+K or the toolbar's Link
 * button). Without a selection, the address itself is inserted as the link's text.
 */
export function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  // Read once on opening: the form edits the link the selection was in.
  const [existing] = useState<string | undefined>(() => editor.getAttributes('link').href as string | undefined)
  const [address, setAddress] = useState(existing ?? '')
  const [refused, setRefused] = useState(false)
  const errorId = useId()

  const close = (): void => {
    editor.commands.focus()
    onClose()
  }

  const apply = (event: FormEvent): void => {
    event.preventDefault()
    const href = linkHref(address)
    if (href === null) {
      setRefused(true)
      return
    }
    const chain = editor.chain().focus()
    if (editor.state.selection.empty && existing === undefined) {
      chain.insertContent({ type: 'text', text: address.trim(), marks: [{ type: 'link', attrs: { href } }] }).run()
    } else {
      chain.extendMarkRange('link').setLink({ href }).run()
    }
    onClose()
  }

  const remove = (): void => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run()
    onClose()
  }

  const handleKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  }

  return (
    <form className="link-form" aria-label="Link" onSubmit={apply} onKeyDown={handleKeyDown}>
      <label className="link-form__field">
        <span>Link address</span>
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
      <button type="submit" className="link-form__button link-form__button--primary">
        Apply
      </button>
      {existing !== undefined && (
        <button type="button" className="link-form__button" onClick={remove}>
          Remove link
        </button>
      )}
      <button type="button" className="link-form__button" onClick={close}>
        Cancel
      </button>
      {refused && (
        <p id={errorId} className="link-form__error" role="alert">
          Only web (http, https) and email (mailto) links can be added.
        </p>
      )}
    </form>
  )
}
