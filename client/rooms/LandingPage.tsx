import { useEffect } from 'react'
import { useAuthMode } from '../access/auth-mode.ts'
import { Brand } from '../app/Brand.tsx'
import { ThemeControl } from '../theme/ThemeControl.tsx'
import { NewDocumentButton } from './NewDocumentButton.tsx'
import { RecentDocumentList } from './RecentDocumentList.tsx'
import './rooms.css'

export function LandingPage() {
  const mode = useAuthMode()
  useEffect(() => {
    document.title = 'Seed · Write together'
  }, [])

  return (
    <div className="page">
      <header className="topbar">
        <Brand />
        <ThemeControl />
      </header>
      <main className="landing">
        <section className="landing__hero" aria-labelledby="landing-title">
          <h1 id="landing-title" className="landing__title">Write together, even offline.</h1>
          <p className="landing__lead">
            Start a document, share its link, and edit it with others in real time. Everything you write is kept on
            this device first, so a lost connection never loses a word.
          </p>
          {mode === 'jwt' ? (
            // Documents belong to the application that embeds Seed: it creates them and hands out access.
            <p className="landing__note">Documents on this server are opened from the application that uses Seed.</p>
          ) : (
            <NewDocumentButton />
          )}
          <ul className="landing__features" aria-label="What Seed does">
            <li>
              <strong>Live</strong> Everyone’s edits and cursors appear as they type.
            </li>
            <li>
              <strong>Offline first</strong> Keep writing without a connection; it all syncs when you are back.
            </li>
            <li>
              <strong>Self-hosted</strong> Your documents live on your own server.
            </li>
          </ul>
        </section>
        <RecentDocumentList />
      </main>
    </div>
  )
}
