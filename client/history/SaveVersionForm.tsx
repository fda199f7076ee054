import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'

const NAME_MAX_LENGTH = 100

/** "Save version…": asks for a name, then saves the document as it is now under it. */
export function SaveVersionForm({ onSave }: { onSave: (name: string) => Promise<string | null> }) {
  const [open, setOpen] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const inputId = useId()
  const openButton = useRef<HTMLButtonElement>(null)

  const close = (): void => {
    setOpen(false)
    setError(null)
    // The form goes away with the focus in it: give it back to the button that opened it.
    requestAnimationFrame(() => openButton.current?.focus())
  }

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault()
    const name = new FormData(event.currentTarget).get('name')
    if (typeof name !== 'string' || name.trim() === '') return setError('Give the version a name.')
    setSaving(true)
    const failure = await onSave(name.trim())
    setSaving(false)
    setError(failure)
    if (failure === null) {
      setSaved(true)
      close()
    }
  }

  // Escape cancels the form only; the panel stays open.
  const cancelOnEscape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    close()
  }

  if (!open) {
    return (
      <div className="history-save">
        <button
          ref={openButton}
          type="button"
          className="button button--ghost button--small"
          data-testid="save-version"
          onClick={() => {
            setSaved(false)
            setOpen(true)
          }}
        >
          Save version…
        </button>
        <p className="history-save__status" role="status">
          {saved && 'Version saved'}
        </p>
      </div>
    )
  }

  return (
    <form className="history-save history-save--open" onSubmit={(event) => void submit(event)} onKeyDown={cancelOnEscape}>
      <label htmlFor={inputId} className="history-save__label">
        Version name
      </label>
      <input id={inputId} name="name" className="history-save__input" maxLength={NAME_MAX_LENGTH} autoFocus autoComplete="off" required aria-invalid={error !== null} />
      <div className="history-save__actions">
        <button type="submit" className="button button--primary button--small" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button button--ghost button--small" onClick={close}>
          Cancel
        </button>
      </div>
      {error !== null && (
        <p className="history-save__error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
