import { useSyncExternalStore } from 'react'
import { acceptUpdate, dismissUpdate, isUpdateWaiting, subscribeToUpdates } from './service-worker.ts'
import './offline.css'

/** A small notice in a corner, never a dialog: the person finishes what they are doing and reloads when they like. */
export function UpdatePrompt() {
  const waiting = useSyncExternalStore(subscribeToUpdates, isUpdateWaiting)
  if (!waiting) return null
  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <span className="update-prompt__text">New version available</span>
      <button type="button" className="button button--primary button--small" onClick={acceptUpdate}>
        Reload
      </button>
      <button type="button" className="icon-button update-prompt__dismiss" aria-label="Not now" title="Not now" onClick={dismissUpdate}>
        <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </button>
    </div>
  )
}
