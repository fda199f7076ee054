import type { ChainedCommands, Editor } from '@tiptap/react'
import type { icons } from './toolbar-icons.tsx'

export interface ToolbarAction {
  id: keyof typeof icons
  label: string
  /** Key names joined by '+', with Mod for Cmd on Apple and Ctrl elsewhere. */
  shortcut?: string
  /** Adds one command to a chain; run through editor.can() it also tells whether it applies here. */
  command: (chain: ChainedCommands) => ChainedCommands
  /** Marks and blocks are toggles (aria-pressed); undo and redo are not. */
  isActive?: (editor: Editor) => boolean
  /** What the button shows when it is text, not a picture ("H1"): its accessible name starts with it, so voice control users can say what they see. */
  text?: string
  /** Opens the link form; `command` then only tells whether a link fits here. */
  opensLinkForm?: true
  /** Opens the image form (by address or upload); `command` then only tells whether an image fits here. */
  opensImageForm?: true
}

export interface ToolbarGroup {
  label: string
  actions: ToolbarAction[]
  /** Shown only while one of its actions applies (the table tools, inside a table). */
  contextual?: true
}

const ALIGNMENTS = ['left', 'center', 'right'] as const

/** Left is what a block without an alignment has. */
function isAligned(editor: Editor, alignment: (typeof ALIGNMENTS)[number]): boolean {
  if (alignment !== 'left') return editor.isActive({ textAlign: alignment })
  return !ALIGNMENTS.some((other) => other !== 'left' && editor.isActive({ textAlign: other }))
}

export const TOOLBAR_GROUPS: ToolbarGroup[] = [
  {
    label: 'Text style',
    actions: [
      { id: 'bold', label: 'Bold', shortcut: 'Mod+B', command: (c) => c.toggleBold(), isActive: (e) => e.isActive('bold') },
      { id: 'italic', label: 'Italic', shortcut: 'Mod+I', command: (c) => c.toggleItalic(), isActive: (e) => e.isActive('italic') },
      { id: 'strike', label: 'Strikethrough', shortcut: 'Mod+Shift+S', command: (c) => c.toggleStrike(), isActive: (e) => e.isActive('strike') },
      { id: 'code', label: 'Inline code', shortcut: 'Mod+E', command: (c) => c.toggleCode(), isActive: (e) => e.isActive('code') },
      { id: 'highlight', label: 'Highlight', shortcut: 'Mod+Shift+H', command: (c) => c.toggleHighlight(), isActive: (e) => e.isActive('highlight') },
      { id: 'link', label: 'Link', shortcut: 'Mod+K', command: (c) => c.setLink({ href: 'https://example.com' }), opensLinkForm: true },
    ],
  },
  {
    label: 'Headings',
    actions: ([1, 2, 3] as const).map((level) => ({
      id: `heading${level}` as const,
      label: `Heading ${level}`,
      text: `H${level}`,
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
      { id: 'taskList', label: 'Checklist', shortcut: 'Mod+Shift+9', command: (c) => c.toggleTaskList(), isActive: (e) => e.isActive('taskList') },
      { id: 'codeBlock', label: 'Code block', shortcut: 'Mod+Alt+C', command: (c) => c.toggleCodeBlock(), isActive: (e) => e.isActive('codeBlock') },
      { id: 'horizontalRule', label: 'Divider', command: (c) => c.setHorizontalRule() },
      { id: 'table', label: 'Insert table', command: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }) },
      { id: 'image', label: 'Image', command: (c) => c.setImage({ src: 'https://example.com/image.png' }), opensImageForm: true },
    ],
  },
  {
    label: 'Alignment',
    actions: [
      { id: 'alignLeft', label: 'Align left', shortcut: 'Mod+Shift+L', command: (c) => c.setTextAlign('left'), isActive: (e) => isAligned(e, 'left') },
      { id: 'alignCenter', label: 'Align center', shortcut: 'Mod+Shift+E', command: (c) => c.setTextAlign('center'), isActive: (e) => isAligned(e, 'center') },
      { id: 'alignRight', label: 'Align right', shortcut: 'Mod+Shift+R', command: (c) => c.setTextAlign('right'), isActive: (e) => isAligned(e, 'right') },
    ],
  },
  {
    label: 'Table',
    contextual: true,
    actions: [
      { id: 'addRowAfter', label: 'Add row below', command: (c) => c.addRowAfter() },
      { id: 'deleteRow', label: 'Delete row', command: (c) => c.deleteRow() },
      { id: 'addColumnAfter', label: 'Add column right', command: (c) => c.addColumnAfter() },
      { id: 'deleteColumn', label: 'Delete column', command: (c) => c.deleteColumn() },
      { id: 'deleteTable', label: 'Delete table', command: (c) => c.deleteTable() },
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

export const isApple = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent)

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
