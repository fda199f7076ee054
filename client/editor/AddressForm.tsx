import type { Editor } from '@tiptap/react'
import { useId, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'

export interface AddressFormProps<Target> {
  editor: Editor
  /** Called once the form is done; the form has already handed the focus back to the editor. */
  onClose: () => void
  /** The form's accessible name. */
  name: string
  /** Extra class beside `link-form`. */
  className?: string
  addressLabel: string
  initialAddress?: string
  /** What the typed address becomes, or null when it is refused (the form then says `refusal`). */
  parse: (address: string) => Target | null
  /** Applies an accepted address to the editor; the form closes afterwards. */
  apply: (target: Target, address: string) => void
  submitLabel: string
  /** Said when `parse` refuses the address: a sentence, or one chosen for the refused address. */
  refusal: string | ((address: string) => string)
  /** Fields shown after the address. */
  fields?: ReactNode
  /** Buttons shown after the submit button, before Cancel. */
  actions?: ReactNode
}

/**
 * The editor's small address forms (link, image): an address field checked on
 * submit, a refusal said next to it until the address changes, Escape or Cancel
 * closing the form with the focus back in the editor.
 */
export function AddressForm<Target>(props: AddressFormProps<Target>) {
  const { editor, onClose, parse, apply } = props
  const [address, setAddress] = useState(props.initialAddress ?? '')
  const [refused, setRefused] = useState(false)
  const errorId = useId()

  const close = (): void => {
    editor.commands.focus()
    onClose()
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const target = parse(address)
    if (target === null) {
      setRefused(true)
      return
    }
    apply(target, address)
    onClose()
  }

  const handleKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    close()
  }

  return (
    <form
      className={props.className ? `link-form ${props.className}` : 'link-form'}
      aria-label={props.name}
      onSubmit={submit}
      onKeyDown={handleKeyDown}
    >
      <label className="link-form__field">
        <span>{props.addressLabel}</span>
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
      {props.fields}
      <button type="submit" className="link-form__button link-form__button--primary">
        {props.submitLabel}
      </button>
      {props.actions}
      <button type="button" className="link-form__button" onClick={close}>
        Cancel
      </button>
      {refused && (
        <p id={errorId} className="link-form__error" role="alert">
          {typeof props.refusal === 'string' ? props.refusal : props.refusal(address)}
        </p>
      )}
    </form>
  )
}
