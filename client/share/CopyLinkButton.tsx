import { useCopyConfirmation } from './use-copy-confirmation.ts'
import './share.css'

/** Open mode: the page's own address is the link, and anyone who has it can edit. */
export function CopyLinkButton() {
  const { copy, copied } = useCopyConfirmation()

  return (
    <div className="share">
      <button type="button" className="button button--primary" data-testid="share-button" onClick={() => void copy(location.href)}>
        <LinkIcon />
        Copy link
      </button>
      <p className={copied === null ? 'share__confirmation' : 'share__confirmation share__confirmation--visible'} role="status">
        {copied === true && 'Link copied'}
        {copied === false && 'Could not copy — copy the address from the address bar'}
      </p>
    </div>
  )
}

export function LinkIcon() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.7 1.7" />
      <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.7-1.7" />
    </svg>
  )
}
