import type { Editor } from '@tiptap/core'
import { useEffect, useId, useMemo, useRef, type KeyboardEvent } from 'react'
import { createPortal } from 'react-dom'
import type * as Y from 'yjs'
import { participantsMap, pastParticipants } from '../editor/mentions/past-participants.ts'
import { withKnownColors } from './change-attribution.ts'
import { SaveVersionForm } from './SaveVersionForm.tsx'
import { useVersions } from './use-versions.ts'
import { VersionList } from './VersionList.tsx'
import { VersionPreview } from './VersionPreview.tsx'
import { restoreVersion, saveVersion } from './versions-api.ts'
import './history.css'

interface HistoryPanelProps {
  id: string
  roomId: string
  /** The live document: its people list colours the authors the server names without one. */
  doc: Y.Doc
  token: string | null
  /** Editors save and restore versions; view-only readers browse them. */
  editable: boolean
  liveEditor: Editor | null
  previewed: string | null
  /** Where a chosen version's text goes: the page's column, in place of the editor (hidden meanwhile). */
  previewSlot: HTMLElement | null
  onPreview: (versionId: string | null) => void
  onClose: () => void
}

/**
 * The document's history: the list of versions in a side panel (a full-screen sheet on a phone)
 * and, once one is chosen, its text in place of the editor. Escape in either closes it
 * (React's events bubble from the preview's portal to the panel).
 */
export function HistoryPanel({ id, roomId, doc, token, editable, liveEditor, previewed, previewSlot, onPreview, onClose }: HistoryPanelProps) {
  const listed = useVersions(roomId, token)
  const { loading, error, reload } = listed
  const versions = useMemo(() => (listed.versions === null ? null : withKnownColors(listed.versions, pastParticipants(participantsMap(doc)))), [listed.versions, doc])
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const version = versions?.find((entry) => entry.id === previewed) ?? null

  useEffect(() => heading.current?.focus(), [])

  const closeOnEscape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return
    event.preventDefault()
    onClose()
  }

  const save = async (name: string): Promise<string | null> => {
    const result = await saveVersion(roomId, name, token)
    if (!result.ok) return result.error
    await reload()
    return null
  }

  // The restored text arrives in the editor through the sync, like anyone's edit; the list gains "Before restore".
  const restore = async (versionId: string): Promise<string | null> => {
    const result = await restoreVersion(roomId, versionId, token)
    if (!result.ok) return result.error
    onPreview(null)
    await reload()
    heading.current?.focus()
    return null
  }

  return (
    <aside id={id} className="history-panel" aria-labelledby={headingId} data-testid="history-panel" data-previewing={version !== null} onKeyDown={closeOnEscape}>
      {version !== null && versions !== null && previewSlot !== null && createPortal(
        <VersionPreview
          roomId={roomId}
          token={token}
          versions={versions}
          version={version}
          liveEditor={liveEditor}
          editable={editable}
          onRestore={() => restore(version.id)}
          onBack={() => {
            onPreview(null)
            // Once the list shows again (the preview covered it on a phone).
            requestAnimationFrame(() => heading.current?.focus())
          }}
        />,
        previewSlot,
      )}
      <div className="history-panel__header">
        <h2 id={headingId} className="history-panel__title" ref={heading} tabIndex={-1}>
          Version history
        </h2>
        <button type="button" className="icon-button history-panel__close" aria-label="Close version history" onClick={onClose}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      </div>
      {editable && <SaveVersionForm onSave={save} />}
      {error !== null && (
        <div className="history-panel__error" role="alert">
          <p>{versions === null ? `The versions could not be loaded. ${error}` : error}</p>
          <button type="button" className="button button--ghost button--small" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {loading && versions === null && (
        <p className="history-panel__status" role="status">
          Loading versions…
        </p>
      )}
      {versions !== null && versions.length === 0 && (
        <p className="history-panel__status">No versions yet. One is saved after a pause in editing{editable ? ', or save one now' : ''}.</p>
      )}
      {versions !== null && versions.length > 0 && <VersionList versions={versions} previewed={previewed} onPreview={onPreview} />}
    </aside>
  )
}
