import { isApple, TOOLBAR_GROUPS } from '../toolbar-actions.ts'

export interface ShortcutEntry {
  label: string
  /** Key names joined by '+', with Mod for Cmd on Apple and Ctrl elsewhere (as in TOOLBAR_GROUPS). */
  shortcut: string
}

export interface ShortcutSection {
  title: string
  entries: ShortcutEntry[]
}

/**
 * The editor's shortcuts that have no toolbar button. With TOOLBAR_GROUPS this is
 * the one table of shortcuts: the key handlers, the tooltips and the shortcuts
 * dialog all read it, so the dialog lists exactly what the keys do.
 */
export const EDITOR_SHORTCUTS = {
  find: { label: 'Find', shortcut: 'Mod+F' },
  // ⌘H hides the application on a Mac; ⌥⌘F is the Mac editors' replace.
  replace: { label: 'Find and replace', shortcut: isApple ? 'Mod+Alt+F' : 'Mod+H' },
  nextMatch: { label: 'Next match (in the find bar)', shortcut: 'Enter' },
  previousMatch: { label: 'Previous match (in the find bar)', shortcut: 'Shift+Enter' },
  closeFind: { label: 'Close the find bar', shortcut: 'Escape' },
  shortcuts: { label: 'Keyboard shortcuts', shortcut: 'Mod+/' },
} satisfies Record<string, ShortcutEntry>

/** Bound by Tiptap's own extensions (StarterKit's paragraph, hard break and list keymap). */
const WRITING_SHORTCUTS: ShortcutEntry[] = [
  { label: 'Normal text', shortcut: 'Mod+Alt+0' },
  { label: 'Line break within a paragraph', shortcut: 'Shift+Enter' },
  { label: 'Indent a list item', shortcut: 'Tab' },
  { label: 'Outdent a list item', shortcut: 'Shift+Tab' },
]

/** What the shortcuts dialog lists, section by section. */
export function shortcutSections(): ShortcutSection[] {
  const toolbarSections = TOOLBAR_GROUPS.map((group) => ({
    title: group.label,
    entries: group.actions.flatMap((action) => (action.shortcut ? [{ label: action.label, shortcut: action.shortcut }] : [])),
  }))
  const { find, replace, nextMatch, previousMatch, closeFind, shortcuts } = EDITOR_SHORTCUTS
  return [
    ...toolbarSections,
    { title: 'Writing', entries: WRITING_SHORTCUTS },
    { title: 'Find and help', entries: [find, replace, nextMatch, previousMatch, closeFind, shortcuts] },
  ].filter((section) => section.entries.length > 0)
}

/** The parts of a keyboard event a shortcut is matched against. */
export interface KeyPress {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/**
 * Whether a key press is `shortcut`. Letters and digits are also matched by their
 * physical key, because Alt changes what they type on a Mac (⌥F types "ƒ"). Shift
 * is ignored for a punctuation key, which needs it on some layouts (/ is Shift+7
 * on a German keyboard).
 */
export function matchesShortcut(press: KeyPress, shortcut: string, apple = isApple): boolean {
  const parts = shortcut.split('+')
  const key = parts[parts.length - 1]
  const modifiers = new Set(parts.slice(0, -1))
  const wantsCtrl = modifiers.has('Ctrl') || (modifiers.has('Mod') && !apple)
  const wantsMeta = modifiers.has('Mod') && apple
  if (press.ctrlKey !== wantsCtrl || press.metaKey !== wantsMeta || press.altKey !== modifiers.has('Alt')) return false
  const isLetterOrDigit = /^[A-Za-z0-9]$/.test(key)
  if (isLetterOrDigit && press.shiftKey !== modifiers.has('Shift')) return false
  if (press.key.toLowerCase() === key.toLowerCase()) return true
  if (!isLetterOrDigit) return false
  return press.code === (/\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`)
}
