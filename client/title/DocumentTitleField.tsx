import type { KeyboardEvent, RefObject } from 'react'
import type * as Y from 'yjs'
import { TITLE_FIELD } from '../../shared/document-schema.ts'
import { useTextBinding } from './use-text-binding.ts'
import './title.css'

interface DocumentTitleFieldProps {
  doc: Y.Doc
  /** The header's title focuses it through this: renaming is one click. */
  inputRef: RefObject<HTMLInputElement | null>
  /** Shown while no title is typed: what the document is called then (its first line). */
  placeholder: string
  /** False for a view-only reader: the title shows, but cannot change. */
  editable: boolean
  /** Enter: on to the document's text. */
  onDone: () => void
}

/** The document's name, typed at the top of the page and kept in the Y.Doc, where everyone (and the server) reads it. */
export function DocumentTitleField({ doc, inputRef, placeholder, editable, onDone }: DocumentTitleFieldProps) {
  useTextBinding(inputRef, doc.getText(TITLE_FIELD))

  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    // Enter also ends a word being composed (Chinese, Japanese…): that Enter is the composition's.
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return
    event.preventDefault()
    onDone()
  }

  return (
    <input
      ref={inputRef}
      className="document-title"
      type="text"
      aria-label="Document title"
      placeholder={placeholder}
      readOnly={!editable}
      autoComplete="off"
      spellCheck
      onKeyDown={handleKeyDown}
      data-testid="document-title"
    />
  )
}
