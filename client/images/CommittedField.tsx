import { useRef, useState, type InputHTMLAttributes, type KeyboardEvent, type Ref } from 'react'

export interface CommittedFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onFocus' | 'onBlur' | 'onKeyDown'> {
  /** What the document holds now; shown whenever the field is not being edited. */
  value: string
  /** What the document holds at the moment editing starts (the shown value may lag a frame behind). */
  current: () => string
  /** Writes the edited text into the document. */
  commit: (text: string) => void
  /** Escape: the edit is dropped and the focus goes back where it belongs. */
  onCancel: () => void
  ref?: Ref<HTMLInputElement>
}

/**
 * A text field over a value of the shared document: what is typed stays in
 * the field until Enter or leaving it, then becomes one change, so other
 * people's edits of the same value never move the caret while typing, and one
 * caption or width is one undo step.
 */
export function CommittedField({ value, current, commit, onCancel, ...inputProps }: CommittedFieldProps) {
  const [draft, setDraft] = useState<string | null>(null)
  // Escape moves the focus away at once, before the cleared draft is rendered: the blur must not commit it.
  const dropped = useRef(false)

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' && draft !== null) {
      event.preventDefault()
      commit(draft)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      dropped.current = true
      setDraft(null)
      onCancel()
    }
  }

  return (
    <input
      {...inputProps}
      value={draft ?? value}
      onFocus={() => setDraft(current())}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={handleKeyDown}
      onBlur={() => {
        if (!dropped.current && draft !== null && draft !== current()) commit(draft)
        dropped.current = false
        setDraft(null)
      }}
    />
  )
}
