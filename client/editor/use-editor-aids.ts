import { useState, type KeyboardEvent } from 'react'
import type { FindMode } from './find/FindBar.tsx'
import { EDITOR_SHORTCUTS, matchesShortcut } from './shortcuts/keyboard-shortcuts.ts'

export interface EditorAids {
  /** The find bar's mode, or null while it is closed. */
  find: FindMode | null
  /** Increases with every request to open the find bar, so an open bar takes the focus again. */
  findFocusRequest: number
  openFind: (mode: FindMode) => void
  closeFind: () => void
  shortcutsOpen: boolean
  setShortcutsOpen: (open: boolean) => void
  /**
   * For the editor's root element: Ctrl+F, Ctrl+H and Ctrl+/ while the focus is in
   * the document, its toolbar or its find bar. Anywhere else on the page the
   * browser's own find stays as it is.
   */
  handleKeyDown: (event: KeyboardEvent) => void
}

/** The state of the find bar and the shortcuts dialog, and the keys that open them. */
export function useEditorAids(editable: boolean): EditorAids {
  const [find, setFind] = useState<FindMode | null>(null)
  const [findFocusRequest, setFindFocusRequest] = useState(0)
  const [shortcutsOpen, setShortcutsOpen] = useState(false)

  const openFind = (mode: FindMode): void => {
    setFind(mode === 'replace' && !editable ? 'find' : mode)
    setFindFocusRequest((request) => request + 1)
  }

  const handleKeyDown = (event: KeyboardEvent): void => {
    // Not from inside a modal dialog (the shortcuts list): what it would open lies behind it.
    if (event.target instanceof Element && event.target.closest('dialog[open]')) return
    const press = event.nativeEvent
    if (matchesShortcut(press, EDITOR_SHORTCUTS.find.shortcut)) openFind('find')
    else if (matchesShortcut(press, EDITOR_SHORTCUTS.replace.shortcut)) openFind('replace')
    else if (matchesShortcut(press, EDITOR_SHORTCUTS.shortcuts.shortcut)) setShortcutsOpen(true)
    else return
    event.preventDefault()
  }

  return { find, findFocusRequest, openFind, closeFind: () => setFind(null), shortcutsOpen, setShortcutsOpen, handleKeyDown }
}
