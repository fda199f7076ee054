import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useDismissable } from '../app/use-dismissable.ts'
import type { ToolbarAction } from './toolbar-actions.ts'
import { icons } from './toolbar-icons.tsx'

interface ToolbarOverflowMenuProps {
  /** The button's name ("More", "Alignment") and the menu's. */
  name: string
  menuLabel: string
  icon: ReactNode
  actions: ToolbarAction[]
  states: Record<string, { enabled: boolean; active: boolean }>
  run: (action: ToolbarAction) => void
  /** The toolbar's roving tab stop: 0 when More is it. */
  tabIndex: number
  onFocus: () => void
}

/**
 * A toolbar button that opens a menu of actions (the WAI-ARIA menu button pattern):
 * "More" at the end of a phone's one-row toolbar, "Alignment" on wider screens. Enter, Space or ↓ open it on the first item,
 * ↑ on the last; arrows, Home and End move; Escape closes it back onto More; an
 * item runs its action and closes it.
 */
export function ToolbarOverflowMenu({ name, menuLabel, icon, actions, states, run, tabIndex, onFocus }: ToolbarOverflowMenuProps) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false)
  // The item with focus is the menu's one tab stop (a scrolling menu must be reachable by keyboard).
  const [current, setCurrent] = useState<string | null>(null)
  const tabStop = current ?? actions.find((action) => states[action.id].enabled)?.id
  const menuId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)

  const items = (): HTMLButtonElement[] => Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])

  useEffect(() => {
    if (!open) return
    const list = items()
    ;(open === 'last' ? list.at(-1) : list[0])?.focus()
  }, [open])
  const dismiss = useCallback(() => setOpen(false), [])
  // Escape is the menu's own key handler's (it stops the toolbar's keys too).
  useDismissable(open !== false, dismiss, rootRef)

  const close = (): void => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const handleButtonKey = (event: KeyboardEvent<HTMLButtonElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    event.stopPropagation()
    setOpen(event.key === 'ArrowUp' ? 'last' : 'first')
  }

  const handleMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    // The toolbar's own arrow keys must not act while the menu has focus.
    event.stopPropagation()
    if (event.key === 'Escape') {
      event.preventDefault()
      close()
      return
    }
    if (event.key === 'Tab') {
      setOpen(false)
      return
    }
    const list = items()
    const current = list.indexOf(document.activeElement as HTMLButtonElement)
    const target = {
      ArrowDown: list[(current + 1) % list.length],
      ArrowUp: list[(current - 1 + list.length) % list.length],
      Home: list[0],
      End: list[list.length - 1],
    }[event.key]
    if (target === undefined) return
    event.preventDefault()
    target.focus()
  }

  return (
    <div className="toolbar-more" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="toolbar__button"
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        title={menuLabel}
        tabIndex={tabIndex}
        onFocus={onFocus}
        onMouseDown={(event) => event.preventDefault()}
        onKeyDown={handleButtonKey}
        onClick={() => setOpen((value) => (value ? false : 'first'))}
      >
        <span className="visually-hidden">{name}</span>
        {icon}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} className="toolbar-more__menu" role="menu" aria-label={menuLabel} onKeyDown={handleMenuKey}>
          {actions.map((action) => {
            const state = states[action.id]
            return (
              <button
                key={action.id}
                type="button"
                className="toolbar-more__item"
                role={action.isActive ? 'menuitemcheckbox' : 'menuitem'}
                aria-checked={action.isActive ? state.active : undefined}
                tabIndex={action.id === tabStop ? 0 : -1}
                disabled={!state.enabled}
                onFocus={() => setCurrent(action.id)}
                // Keep the text selection in the editor while choosing.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  setOpen(false)
                  run(action)
                }}
              >
                <span className="toolbar-more__icon" aria-hidden="true">
                  {icons[action.id]}
                </span>
                {action.label}
              </button>
            )
          })}
        </div>
      )}
    </div>
  )
}
