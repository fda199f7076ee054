import { useCallback, useId, useRef, useState, type ReactNode } from 'react'
import { useDismissable } from '../app/use-dismissable.ts'
import { useNarrowScreen } from './use-narrow-screen.ts'
import './layout.css'

/**
 * The header's controls (name, download, share, theme): in a row on wide screens;
 * on a phone behind one Menu button, in a panel under the header, so the header
 * stays one line. The controls stay mounted either way (an open form or dialog
 * survives a rotation). Escape or a tap elsewhere closes the panel.
 */
export function HeaderTools({ children }: { children: ReactNode }) {
  const narrow = useNarrowScreen()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)

  const close = useCallback(() => setOpen(false), [])
  useDismissable(open, close, rootRef, toggleRef)

  return (
    <div className="header-tools" ref={rootRef}>
      {narrow && (
        <button
          ref={toggleRef}
          type="button"
          className="header-tools__toggle"
          data-testid="header-menu"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((value) => !value)}
        >
          <span className="visually-hidden">Menu</span>
          <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <path d="M4 7h16M4 12h16M4 17h16" />
          </svg>
        </button>
      )}
      <div id={panelId} className="header-tools__panel" hidden={narrow && !open}>
        {children}
      </div>
    </div>
  )
}
