import './access.css'

/** Says in the header that this page can read but not change the document. */
export function ViewOnlyBadge() {
  return (
    <p className="view-only-badge" role="note" aria-label="View only" title="You can read this document and see who is in it, but not change it">
      <svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
        <circle cx="12" cy="12" r="3" />
      </svg>
      View only
    </p>
  )
}
