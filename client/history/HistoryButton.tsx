import type { RefObject } from 'react'

/** The header's History button: opens and closes the history panel (`controls`). */
export function HistoryButton({ open, onToggle, controls, buttonRef }: { open: boolean; onToggle: () => void; controls: string; buttonRef: RefObject<HTMLButtonElement | null> }) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className="button button--ghost button--small"
      data-testid="history-button"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      History
    </button>
  )
}
