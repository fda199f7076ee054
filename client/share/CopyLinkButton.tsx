import { useEffect, useState } from 'react'
import { copyText } from './copy-text.ts'
import './share.css'

const CONFIRMATION_MS = 3000

/** `copiedAt` restarts the timer when the button is pressed again while the message still shows. */
type Confirmation = { copied: boolean; copiedAt: number } | null

export function CopyLinkButton() {
  const [confirmation, setConfirmation] = useState<Confirmation>(null)

  useEffect(() => {
    if (confirmation === null) return
    const timer = setTimeout(() => setConfirmation(null), CONFIRMATION_MS)
    return () => clearTimeout(timer)
  }, [confirmation])

  const copy = async (): Promise<void> => {
    const copied = await copyText(location.href)
    setConfirmation({ copied, copiedAt: Date.now() })
  }

  return (
    <div className="share">
      <button type="button" className="button button--primary" data-testid="share-button" onClick={() => void copy()}>
        <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
          <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
        </svg>
        Copy link
      </button>
      <p className={confirmation ? 'share__confirmation share__confirmation--visible' : 'share__confirmation'} role="status">
        {confirmation?.copied === true && 'Link copied'}
        {confirmation?.copied === false && 'Could not copy — copy the address from the address bar'}
      </p>
    </div>
  )
}
