import { useId, useRef } from 'react'
import type { Permission } from '../../shared/access-api.ts'
import { capabilityLink } from '../access/access-token.ts'
import type { RoomTokens } from '../rooms/recent-documents.ts'
import { LinkIcon } from './CopyLinkButton.tsx'
import { useCopyConfirmation } from './use-copy-confirmation.ts'
import './share.css'

const LINKS: { permission: Permission; label: string; allows: string }[] = [
  { permission: 'edit', label: 'Can edit', allows: 'Anyone with this link can read and change the document.' },
  {
    permission: 'view',
    label: 'Can view only',
    allows: 'Anyone with this link can read the document and see who is in it, but cannot change anything.',
  },
]

/** links mode: a dialog with the edit and view-only links this device holds, each with a copy button. */
export function ShareLinksButton({ roomId, tokens }: { roomId: string; tokens: RoomTokens }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const known = LINKS.flatMap((link) => {
    const token = tokens[link.permission]
    return token === undefined ? [] : [{ ...link, url: capabilityLink(location.origin, roomId, token) }]
  })

  return (
    <div className="share">
      <button
        type="button"
        className="button button--primary"
        data-testid="share-button"
        aria-haspopup="dialog"
        onClick={() => dialog.current?.showModal()}
      >
        <LinkIcon />
        Share
      </button>
      <dialog ref={dialog} className="share-dialog" aria-labelledby={titleId}>
        <h2 id={titleId} className="share-dialog__title">
          Share this document
        </h2>
        {known.map((link) => (
          <ShareLink key={link.permission} label={link.label} allows={link.allows} url={link.url} />
        ))}
        {tokens.edit === undefined && (
          <p className="share-dialog__note">You opened this document with a view-only link, so that is the link you can pass on.</p>
        )}
        <form method="dialog" className="share-dialog__actions">
          <button type="submit" className="button button--ghost">
            Done
          </button>
        </form>
      </dialog>
    </div>
  )
}

function ShareLink({ label, allows, url }: { label: string; allows: string; url: string }) {
  const { copy, copied } = useCopyConfirmation()
  const inputId = useId()
  const allowsId = useId()

  return (
    <div className="share-link">
      <label htmlFor={inputId} className="share-link__label">
        {label}
      </label>
      <p id={allowsId} className="share-link__allows">
        {allows}
      </p>
      <div className="share-link__field">
        <input id={inputId} className="share-link__url" type="text" readOnly value={url} aria-describedby={allowsId} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button button--ghost" aria-label={`Copy the “${label}” link`} onClick={() => void copy(url)}>
          Copy
        </button>
      </div>
      <p className="share-link__confirmation" role="status">
        {copied === true && 'Link copied'}
        {copied === false && 'Could not copy — select the link and copy it yourself'}
      </p>
    </div>
  )
}
