import type { Editor } from '@tiptap/react'
import { WordCount } from './count/WordCount.tsx'
import { EDITOR_SHORTCUTS } from './shortcuts/keyboard-shortcuts.ts'
import { ariaKeyShortcut, formatShortcut } from './toolbar-actions.ts'
import './editor-status.css'

interface EditorStatusBarProps {
  editor: Editor
  onFind: () => void
  onShortcuts: () => void
}

/** Under the document: its word count, and buttons for find and the shortcuts list (their names are their visible text). */
export function EditorStatusBar({ editor, onFind, onShortcuts }: EditorStatusBarProps) {
  const { find, shortcuts } = EDITOR_SHORTCUTS
  return (
    <div className="editor-status">
      <WordCount editor={editor} />
      <div className="editor-status__actions">
        <button
          type="button"
          className="editor-status__button"
          title={`${find.label} (${formatShortcut(find.shortcut)})`}
          aria-keyshortcuts={ariaKeyShortcut(find.shortcut)}
          onClick={onFind}
        >
          {find.label}
        </button>
        <button
          type="button"
          className="editor-status__button"
          data-testid="shortcuts-button"
          title={`${shortcuts.label} (${formatShortcut(shortcuts.shortcut)})`}
          aria-keyshortcuts={ariaKeyShortcut(shortcuts.shortcut)}
          aria-haspopup="dialog"
          onClick={onShortcuts}
        >
          {shortcuts.label}
        </button>
      </div>
    </div>
  )
}
