import type { ChainedCommands, Editor } from '@tiptap/react'
import type { icons } from './toolbar-icons.tsx'

export interface ToolbarAction {
  id: keyof typeof icons
  label: string
  /** Key names joined by '+', with Mod for Cmd on Apple and Ctrl elsewhere. */
  shortcut: string
  /** Adds one command to a chain; run through editor.can() it also tells whether it applies here. */
  command: (chain: ChainedCommands) => ChainedCommands
  /** Marks and blocks are toggles (aria-pressed); undo and redo are not. */
  isActive?: (editor: Editor) => boolean
}

export const TOOLBAR_GROUPS: { label: string; actions: ToolbarAction[] }[] = [
  {
    label: 'Text style',
    actions: [
      { id: 'bold', label: 'Bold', shortcut: 'Mod+B', command: (c) => c.toggleBold(), isActive: (e) => e.isActive('bold') },
      { id: 'italic', label: 'Italic', shortcut: 'Mod+I', command: (c) => c.toggleItalic(), isActive: (e) => e.isActive('italic') },
      { id: 'strike', label: 'Strikethrough', shortcut: 'Mod+Shift+S', command: (c) => c.toggleStrike(), isActive: (e) => e.isActive('strike') },
      { id: 'code', label: 'Inline code', shortcut: 'Mod+E', command: (c) => c.toggleCode(), isActive: (e) => e.isActive('code') },
    ],
  },
  {
    label: 'Headings',
    actions: ([1, 2, 3] as const).map((level) => ({
      id: `heading${level}` as const,
      label: `Heading ${level}`,
      shortcut: `Mod+Alt+${level}`,
      command: (c: ChainedCommands) => c.toggleHeading({ level }),
      isActive: (e: Editor) => e.isActive('heading', { level }),
    })),
  },
  {
    label: 'Blocks',
    actions: [
      { id: 'bulletList', label: 'Bulleted list', shortcut: 'Mod+Shift+8', command: (c) => c.toggleBulletList(), isActive: (e) => e.isActive('bulletList') },
      { id: 'orderedList', label: 'Numbered list', shortcut: 'Mod+Shift+7', command: (c) => c.toggleOrderedList(), isActive: (e) => e.isActive('orderedList') },
      { id: 'blockquote', label: 'Quote', shortcut: 'Mod+Shift+B', command: (c) => c.toggleBlockquote(), isActive: (e) => e.isActive('blockquote') },
      { id: 'codeBlock', label: 'Code block', shortcut: 'Mod+Alt+C', command: (c) => c.toggleCodeBlock(), isActive: (e) => e.isActive('codeBlock') },
    ],
  },
  {
    label: 'History',
    actions: [
      { id: 'undo', label: 'Undo', shortcut: 'Mod+Z', command: (c) => c.undo() },
      { id: 'redo', label: 'Redo', shortcut: 'Mod+Shift+Z', command: (c) => c.redo() },
    ],
  },
]

const isApple = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

/** "Mod+Shift+S" → "⌘⇧S" on Apple devices, "Ctrl+Shift+S" elsewhere. */
export function formatShortcut(shortcut: string): string {
  if (!isApple) return shortcut.replace('Mod', 'Ctrl')
  const symbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥' }
  return shortcut
    .split('+')
    .map((key) => symbols[key] ?? key)
    .join('')
}

/** The same shortcut in the aria-keyshortcuts syntax, e.g. "Control+Shift+S". */
export function ariaKeyShortcut(shortcut: string): string {
  return shortcut.replace('Mod', isApple ? 'Meta' : 'Control')
}
