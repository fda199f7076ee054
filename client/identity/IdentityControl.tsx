import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { USER_NAME_MAX_LENGTH, type UserIdentity } from '../../shared/identity.ts'
import { normalizeName } from './identity-name.ts'
import { renameIdentity } from './identity-store.ts'
import './identity.css'

/** Who you are in this document, and a small inline form to change your name. */
export function IdentityControl({ identity }: { identity: UserIdentity }) {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(identity.name)
  const renameButton = useRef<HTMLButtonElement>(null)
  const inputId = useId()

  const open = (): void => {
    setDraft(identity.name)
    setEditing(true)
  }

  const close = (): void => {
    setEditing(false)
    // Put focus back where the user started, not on the page body.
    requestAnimationFrame(() => renameButton.current?.focus())
  }

  const save = (event: FormEvent): void => {
    event.preventDefault()
    if (normalizeName(draft) === null) return
    renameIdentity(draft)
    close()
  }

  const cancelOnEscape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }

  if (editing) {
    return (
      <form className="identity identity--editing" onSubmit={save} onKeyDown={cancelOnEscape}>
        <label className="identity__label" htmlFor={inputId}>
          Your name
        </label>
        <input
          id={inputId}
          className="identity__input"
          data-testid="name-input"
          value={draft}
          maxLength={USER_NAME_MAX_LENGTH}
          autoComplete="nickname"
          required
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button button--primary button--small" disabled={normalizeName(draft) === null}>
          Save
        </button>
        <button type="button" className="button button--ghost button--small" onClick={close}>
          Cancel
        </button>
      </form>
    )
  }

  return (
    <div className="identity">
      <span className="identity__you visually-hidden-on-phone">
        <span className="identity__swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
        <span className="identity__prefix">You are </span>
        <span className="identity__name">{identity.name}</span>
      </span>
      <button
        ref={renameButton}
        type="button"
        className="button button--ghost button--small"
        data-testid="rename-button"
        onClick={open}
      >
        Rename
      </button>
    </div>
  )
}
