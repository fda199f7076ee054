import { useEffect, useState, type DragEvent } from 'react'
import { useAuthMode } from '../access/auth-mode.ts'
import { Brand } from '../app/Brand.tsx'
import { ThemeControl } from '../theme/ThemeControl.tsx'
import { ImportFileButton } from './ImportFileButton.tsx'
import { NewDocumentButton } from './NewDocumentButton.tsx'
import { RecentDocumentList } from './RecentDocumentList.tsx'
import { useFileImport } from './use-file-import.ts'
import './rooms.css'

/** A drag that carries files (not text or a link dragged from the page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer.types.includes('Files')
}

export function LandingPage() {
  const mode = useAuthMode()
  const { importing, problem, importFiles } = useFileImport()
  const [dropping, setDropping] = useState(false)
  const canCreate = mode !== 'jwt'
  useEffect(() => {
    document.title = 'Seed · Write together'
  }, [])

  // A file dropped anywhere on the page is imported; without this the browser would open the file instead.
  const dropHandlers = canCreate
    ? {
        onDragOver: (event: DragEvent) => {
          if (!carriesFiles(event)) return
          event.preventDefault()
          event.dataTransfer.dropEffect = 'copy'
          setDropping(true)
        },
        onDragLeave: (event: DragEvent) => {
          if (event.relatedTarget === null) setDropping(false)
        },
        onDrop: (event: DragEvent) => {
          if (!carriesFiles(event)) return
          event.preventDefault()
          setDropping(false)
          void importFiles(Array.from(event.dataTransfer.files))
        },
      }
    : {}

  return (
    <div className="page" data-dropping={dropping || undefined} data-testid="landing-page" {...dropHandlers}>
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
          {canCreate ? (
            <>
              <div className="landing__actions">
                <NewDocumentButton />
                <ImportFileButton importing={importing} onFiles={(files) => void importFiles(files)} />
              </div>
              <p className="landing__hint">Import a Markdown (.md) or HTML file as a new document, or drop one on this page.</p>
              <p className="landing__error" role="alert" data-testid="import-problem">
                {problem}
              </p>
            </>
          ) : (
            // Documents belong to the application that embeds Seed: it creates them and hands out access.
            <p className="landing__note">Documents on this server are opened from the application that uses Seed.</p>
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
