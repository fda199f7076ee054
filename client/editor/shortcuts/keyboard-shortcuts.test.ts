import { describe, expect, it } from 'vitest'
import { TOOLBAR_GROUPS } from '../toolbar-actions.ts'
import { EDITOR_SHORTCUTS, matchesShortcut, shortcutSections, type KeyPress } from './keyboard-shortcuts.ts'

function press(key: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : ''
  return { key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers }
}

describe('matchesShortcut', () => {
  it('reads Mod as Ctrl elsewhere and as Cmd on Apple devices', () => {
    expect(matchesShortcut(press('f', { ctrlKey: true }), 'Mod+F', false)).toBe(true)
    expect(matchesShortcut(press('f', { metaKey: true }), 'Mod+F', false)).toBe(false)
    expect(matchesShortcut(press('f', { metaKey: true }), 'Mod+F', true)).toBe(true)
    expect(matchesShortcut(press('f', { ctrlKey: true }), 'Mod+F', true)).toBe(false)
  })

  it('needs exactly the modifiers named', () => {
    expect(matchesShortcut(press('f'), 'Mod+F', false)).toBe(false)
    expect(matchesShortcut(press('F', { ctrlKey: true, shiftKey: true }), 'Mod+F', false)).toBe(false)
    expect(matchesShortcut(press('f', { ctrlKey: true, altKey: true }), 'Mod+F', false)).toBe(false)
    expect(matchesShortcut(press('H', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+H', false)).toBe(true)
  })

  it('matches a letter by its physical key when Alt changed what it types', () => {
    expect(matchesShortcut({ ...press('ƒ', { metaKey: true, altKey: true }), code: 'KeyF' }, 'Mod+Alt+F', true)).toBe(true)
  })

  it('ignores Shift for punctuation that needs it on some keyboards', () => {
    expect(matchesShortcut(press('/', { ctrlKey: true }), 'Mod+/', false)).toBe(true)
    expect(matchesShortcut({ ...press('/', { ctrlKey: true, shiftKey: true }), code: 'Digit7' }, 'Mod+/', false)).toBe(true)
    expect(matchesShortcut(press('?', { ctrlKey: true, shiftKey: true }), 'Mod+/', false)).toBe(false)
  })
})

describe('shortcutSections', () => {
  const listed = shortcutSections().flatMap((section) => section.entries)

  it('lists every toolbar shortcut, with the label and keys its tooltip shows', () => {
    const toolbarShortcuts = TOOLBAR_GROUPS.flatMap((group) => group.actions).filter((action) => action.shortcut)
    expect(toolbarShortcuts.length).toBeGreaterThan(10)
    for (const action of toolbarShortcuts) expect(listed).toContainEqual({ label: action.label, shortcut: action.shortcut })
  })

  it('lists find, replace and this list itself, and no section is empty', () => {
    for (const entry of [EDITOR_SHORTCUTS.find, EDITOR_SHORTCUTS.replace, EDITOR_SHORTCUTS.shortcuts]) expect(listed).toContainEqual(entry)
    for (const section of shortcutSections()) expect(section.entries.length).toBeGreaterThan(0)
  })
})
