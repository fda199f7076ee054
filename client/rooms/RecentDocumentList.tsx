import { useEffect, useReducer } from 'react'
import { Link } from '../app/Link.tsx'
import { roomPath } from '../app/router.ts'
import { UNTITLED } from '../editor/untitled.ts'
import { useRoomsWithDeviceCopy } from '../offline/use-rooms-with-device-copy.ts'
import '../offline/offline.css'
import { forgetDocument } from './recent-documents.ts'
import { formatTimeAgo } from './relative-time.ts'
import { useRecentDocuments } from './use-recent-documents.ts'

/** "5 minutes ago" goes stale; refresh it now and then while the page stays open. */
const RELATIVE_TIME_REFRESH_MS = 30_000

export function RecentDocumentList() {
  const documents = useRecentDocuments()
  const availableOffline = useRoomsWithDeviceCopy(documents.map((entry) => entry.roomId))
  const [, rerender] = useReducer((count: number) => count + 1, 0)

  useEffect(() => {
    const timer = setInterval(rerender, RELATIVE_TIME_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const now = Date.now()
  return (
    <section className="recent" aria-labelledby="recent-title" data-testid="recent-documents">
      <h2 id="recent-title" className="recent__title">
        Recent documents
      </h2>
      {documents.length === 0 ? (
        <p className="recent__empty">Documents you open on this device will show up here.</p>
      ) : (
        <ul className="recent__list">
          {documents.map((entry) => {
            const title = entry.title || UNTITLED
            return (
              <li key={entry.roomId} className="recent__item">
                <Link href={roomPath(entry.roomId)} className="recent__link">
                  <span className={entry.title ? 'recent__name' : 'recent__name recent__name--untitled'}>{title}</span>
                  <span className="recent__meta">
                    Opened{' '}
                    <time dateTime={new Date(entry.lastOpenedAt).toISOString()} title={new Date(entry.lastOpenedAt).toLocaleString()}>
                      {formatTimeAgo(entry.lastOpenedAt, now)}
                    </time>
                    {availableOffline.has(entry.roomId) && (
                      <span className="offline-badge" title="Its text is kept on this device: it opens without a connection">
                        Available offline
                      </span>
                    )}
                  </span>
                </Link>
                <button
                  type="button"
                  className="icon-button recent__forget"
                  aria-label={`Remove “${title}” from this list`}
                  title="Remove from this list"
                  onClick={() => forgetDocument(entry.roomId)}
                >
                  <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
                    <path d="M6 6l12 12M18 6 6 18" />
                  </svg>
                </button>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
