import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
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

  useEffect(() => {
    if (!open) return
    const closeOutside = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    const closeOnEscape = (event: KeyboardEvent): void => {
      // A form or menu inside that handled Escape itself keeps the panel open.
      if (event.key !== 'Escape' || event.defaultPrevented) return
      setOpen(false)
      toggleRef.current?.focus()
    }
    document.addEventListener('pointerdown', closeOutside)
    document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [open])

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
