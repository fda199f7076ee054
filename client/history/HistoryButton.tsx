import type { RefObject } from 'react'
import './history.css'

/**
 * The header's History button, beside the document's title: opens and closes the history panel (`controls`).
 * An icon: the header's row has no room for another word at laptop widths.
 */
export function HistoryButton({ open, onToggle, controls, buttonRef }: { open: boolean; onToggle: () => void; controls: string; buttonRef: RefObject<HTMLButtonElement | null> }) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className="button button--ghost button--small history-button"
      data-testid="history-button"
      title="Version history"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M3 12a9 9 0 1 0 9-9 9.75 9.75 0 0 0-6.74 2.74L3 8" />
        <path d="M3 3v5h5" />
        <path d="M12 7v5l4 2" />
      </svg>
      <span className="visually-hidden">History</span>
    </button>
  )
}
