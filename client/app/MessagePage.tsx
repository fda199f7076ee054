import { useEffect, type ReactNode } from 'react'
import { Brand } from './Brand.tsx'
import { Link } from './Link.tsx'

interface MessagePageProps {
  title: string
  message: string
  /** The technical reason (e.g. the server's own sentence), for whoever asks for it: behind a Details toggle. */
  detail?: string | null
  /** Another way out beside the way home, e.g. a Try again button. */
  children?: ReactNode
}

/** A whole page that says in plain words what happened and what to do, and offers the way home. */
export function MessagePage({ title, message, detail, children }: MessagePageProps) {
  useEffect(() => {
    document.title = `${title} · Seed`
  }, [title])

  return (
    <div className="page">
      <header className="topbar">
        <Brand />
      </header>
      <main className="message-page">
        <h1 className="message-page__title">{title}</h1>
        <p className="message-page__text">{message}</p>
        {detail && (
          <details className="message-page__details">
            <summary>Details</summary>
            <p className="message-page__detail">{detail}</p>
          </details>
        )}
        <div className="message-page__actions">
          {children}
          <Link href="/" className="button button--primary">
            Go to your documents
          </Link>
        </div>
      </main>
    </div>
  )
}
