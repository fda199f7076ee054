import { useEffect, type ReactNode } from 'react'
import { Brand } from './Brand.tsx'
import { Link } from './Link.tsx'

interface MessagePageProps {
  title: string
  message: string
  /** A second, smaller line: e.g. the server's own reason. */
  detail?: string | null
  /** Another way out beside the way home, e.g. a Try again button. */
  children?: ReactNode
}

/** A whole page that explains a problem and offers the way home. */
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
        {detail && <p className="message-page__detail">{detail}</p>}
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
