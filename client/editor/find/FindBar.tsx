import { useEditorState, type Editor } from '@tiptap/react'
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { EDITOR_SHORTCUTS } from '../shortcuts/keyboard-shortcuts.ts'
import { formatShortcut } from '../toolbar-actions.ts'
import { findState } from './find-replace.ts'
import './find.css'

export type FindMode = 'find' | 'replace'

interface FindBarProps {
  editor: Editor
  mode: FindMode
  onModeChange: (mode: FindMode) => void
  /** Changes each time Ctrl+F or Ctrl+H is pressed again: the bar takes the focus back. */
  focusRequest: number
  onClose: () => void
}

function withShortcut(label: string, shortcut: string): string {
  return `${label} (${formatShortcut(shortcut)})`
}

function matchCount(matches: number, current: number): string {
  if (matches === 0) return 'No matches'
  return `${current + 1} of ${matches}`
}

/** Brings the current match into view after the person moved to it (not after other people's edits). */
function revealCurrentMatch(editor: Editor): void {
  editor.view.dom.querySelector('.find-match--current')?.scrollIntoView({ block: 'center' })
}

/**
 * The find bar (Ctrl+F) with its replace row (Ctrl+H). Matches are highlighted in
 * the document by the find plugin, for this person only. Enter and Shift+Enter
 * move between matches; Escape closes the bar and selects the current match in
 * the document, so the caret is where the search ended.
 */
export function FindBar({ editor, mode, onModeChange, focusRequest, onClose }: FindBarProps) {
  const [query, setQuery] = useState('')
  const [replacement, setReplacement] = useState('')
  const [matchCase, setMatchCase] = useState(false)
  const { matches, current } = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      const state = findState(current.state)
      return { matches: state.matches.length, current: state.current }
    },
  })
  const editable = useEditorState({ editor, selector: ({ editor: current }) => current.isEditable })
  const findInput = useRef<HTMLInputElement>(null)
  const replaceInput = useRef<HTMLInputElement>(null)
  const replaceId = useId()
  const showReplace = mode === 'replace' && editable

  useEffect(() => {
    const target = mode === 'replace' && editable && findInput.current?.value ? replaceInput.current : findInput.current
    target?.focus()
    target?.select()
  }, [focusRequest, mode, editable])

  const search = (text: string, caseSensitive: boolean): void => {
    editor.commands.setFindQuery(text, caseSensitive)
    revealCurrentMatch(editor)
  }

  const step = (direction: 'next' | 'previous'): void => {
    if (direction === 'next') editor.commands.findNext()
    else editor.commands.findPrevious()
    revealCurrentMatch(editor)
  }

  const close = (): void => {
    const { matches: found, current: index } = findState(editor.state)
    const match = found[index]
    const chain = editor.chain().setFindQuery('', matchCase)
    if (match) chain.setTextSelection(match)
    chain.focus().run()
    onClose()
  }

  const handleKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault()
      close()
    }
  }

  const handleFindKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter') return
    event.preventDefault()
    step(event.shiftKey ? 'previous' : 'next')
  }

  const replaceCurrent = (): void => {
    editor.commands.replaceCurrentMatch(replacement)
    revealCurrentMatch(editor)
  }

  return (
    <div className="find-bar" role="search" aria-label="Find in document" onKeyDown={handleKeyDown}>
      <div className="find-bar__row">
        {editable && (
          <button
            type="button"
            className="find-bar__icon-button"
            aria-label={EDITOR_SHORTCUTS.replace.label}
            aria-expanded={showReplace}
            aria-controls={replaceId}
            title={withShortcut(EDITOR_SHORTCUTS.replace.label, EDITOR_SHORTCUTS.replace.shortcut)}
            onClick={() => onModeChange(showReplace ? 'find' : 'replace')}
          >
            <ChevronIcon open={showReplace} />
          </button>
        )}
        <input
          ref={findInput}
          className="find-bar__input"
          type="text"
          aria-label="Find"
          placeholder="Find"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
            search(event.target.value, matchCase)
          }}
          onKeyDown={handleFindKeyDown}
        />
        <span className="find-bar__count" role="status" data-testid="find-count">
          {query !== '' && matchCount(matches, current)}
        </span>
        <button
          type="button"
          className="find-bar__icon-button"
          aria-label="Previous match"
          title={withShortcut('Previous match', EDITOR_SHORTCUTS.previousMatch.shortcut)}
          disabled={matches === 0}
          onClick={() => step('previous')}
        >
          <ArrowIcon direction="up" />
        </button>
        <button
          type="button"
          className="find-bar__icon-button"
          aria-label="Next match"
          title={withShortcut('Next match', EDITOR_SHORTCUTS.nextMatch.shortcut)}
          disabled={matches === 0}
          onClick={() => step('next')}
        >
          <ArrowIcon direction="down" />
        </button>
        <label className="find-bar__option">
          <input
            type="checkbox"
            checked={matchCase}
            onChange={(event) => {
              setMatchCase(event.target.checked)
              search(query, event.target.checked)
            }}
          />
          Match case
        </label>
        <button type="button" className="find-bar__icon-button find-bar__close" aria-label="Close find" title={withShortcut('Close', 'Escape')} onClick={close}>
          <CloseIcon />
        </button>
      </div>
      {showReplace && (
        <div className="find-bar__row" id={replaceId}>
          <input
            ref={replaceInput}
            className="find-bar__input"
            type="text"
            aria-label="Replace with"
            placeholder="Replace with"
            spellCheck={false}
            value={replacement}
            onChange={(event) => setReplacement(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return
              event.preventDefault()
              replaceCurrent()
            }}
          />
          <button type="button" className="find-bar__button" disabled={matches === 0} onClick={replaceCurrent}>
            Replace
          </button>
          <button type="button" className="find-bar__button" disabled={matches === 0} onClick={() => editor.commands.replaceAllMatches(replacement)}>
            Replace all
          </button>
        </div>
      )}
    </div>
  )
}

function SmallIcon({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  )
}

function ArrowIcon({ direction }: { direction: 'up' | 'down' }) {
  return <SmallIcon>{direction === 'up' ? <path d="M12 19V5M5 12l7-7 7 7" /> : <path d="M12 5v14M5 12l7 7 7-7" />}</SmallIcon>
}

function ChevronIcon({ open }: { open: boolean }) {
  return <SmallIcon>{open ? <path d="m6 9 6 6 6-6" /> : <path d="m9 6 6 6-6 6" />}</SmallIcon>
}

function CloseIcon() {
  return (
    <SmallIcon>
      <path d="M18 6 6 18M6 6l12 12" />
    </SmallIcon>
  )
}
