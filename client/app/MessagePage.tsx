import { useEffect } from 'react'
import { Brand } from './Brand.tsx'
import { Link } from './Link.tsx'

/** A whole page that explains a problem and offers the way home. */
export function MessagePage({ title, message }: { title: string; message: string }) {
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
        <Link href="/" className="button button--primary">
          Go to your documents
        </Link>
      </main>
    </div>
  )
}
