import type { Editor, JSONContent } from '@tiptap/core'
import type { Node } from '@tiptap/pm/model'
import { EditorContent, useEditor } from '@tiptap/react'
import { useEffect, useId, useRef, useState } from 'react'
import { documentExtensions } from '../../shared/document-schema.ts'
import { useNarrowScreen } from '../layout/use-narrow-screen.ts'
import { changeColor, writersOfDifference, type CompareWith } from './change-attribution.ts'
import { ChangeHighlights, showChanges } from './change-highlights.ts'
import { useVersionDocument } from './use-version-document.ts'
import { changesBetween } from './version-changes.ts'
import { versionTitle, type VersionSummary } from './version-days.ts'

interface VersionPreviewProps {
  roomId: string
  token: string | null
  /** Newest first. */
  versions: readonly VersionSummary[]
  version: VersionSummary
  /** The live editor: its text is "the current text" to compare with. */
  liveEditor: Editor | null
  editable: boolean
  /** Restores the version; resolves to the sentence to show when that failed, null when it worked. */
  onRestore: () => Promise<string | null>
  /** Phones: back to the list (the preview covers it). */
  onBack: () => void
}

const COMPARE_CHOICES: { value: CompareWith; label: string }[] = [
  { value: 'current', label: 'Current text' },
  { value: 'previous', label: 'Version before' },
]

/** The live document, following every change (someone typing, a restore arriving through the sync). */
function useLiveDocument(editor: Editor | null): Node | null {
  const [doc, setDoc] = useState(() => editor?.state.doc ?? null)
  useEffect(() => {
    if (!editor) return
    const follow = (): void => setDoc(editor.state.doc)
    follow()
    editor.on('update', follow)
    return () => void editor.off('update', follow)
  }, [editor])
  return doc
}

/** One version, read-only, with what changed against the current text or the version before highlighted; and Restore. */
export function VersionPreview({ roomId, token, versions, version, liveEditor, editable, onRestore, onBack }: VersionPreviewProps) {
  const [compareWith, setCompareWith] = useState<CompareWith>('current')
  const [restoring, setRestoring] = useState(false)
  const [restoreError, setRestoreError] = useState<string | null>(null)
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const restoreNoteId = useId()
  const narrow = useNarrowScreen()
  const shown = useVersionDocument(roomId, version.id, token)
  const previousId = versions[versions.findIndex((entry) => entry.id === version.id) + 1]?.id ?? null
  // Fetched whichever comparison is chosen, so that switching is instant.
  const previous = useVersionDocument(roomId, previousId, token)
  const liveDoc = useLiveDocument(liveEditor)
  const color = changeColor(writersOfDifference(versions, version.id, compareWith))
  const failure = shown.status === 'failed' ? shown.error : compareWith === 'previous' && previous.status === 'failed' ? previous.error : null
  // What the shown version is compared with; null while it loads.
  const base = compareWith === 'current' ? liveDoc : previous.status === 'loaded' ? previous.json : null

  // On a phone the preview covers the list the focus was in: it moves to the preview, as to a new screen.
  useEffect(() => {
    if (narrow) heading.current?.focus()
  }, [narrow, version.id])

  const restore = async (): Promise<void> => {
    setRestoring(true)
    setRestoreError(await onRestore())
    setRestoring(false)
  }

  return (
    <section className="history-preview" aria-labelledby={headingId} data-testid="version-preview">
      <div className="history-preview__bar">
        <button type="button" className="button button--ghost button--small history-preview__back" onClick={onBack}>
          All versions
        </button>
        <h2 id={headingId} className="history-preview__title" ref={heading} tabIndex={-1}>
          {versionTitle(version)}
        </h2>
        <fieldset className="history-preview__compare">
          <legend className="history-preview__compare-label">Compare with</legend>
          {COMPARE_CHOICES.map((choice) => (
            <label key={choice.value} className="history-preview__choice">
              <input type="radio" name={`${headingId}-compare`} value={choice.value} checked={compareWith === choice.value} onChange={() => setCompareWith(choice.value)} />
              {choice.label}
            </label>
          ))}
        </fieldset>
        <div className="history-preview__restore">
          <button
            type="button"
            className="button button--primary button--small"
            data-testid="restore-version"
            disabled={!editable || restoring}
            aria-describedby={editable ? undefined : restoreNoteId}
            onClick={() => void restore()}
          >
            {restoring ? 'Restoring…' : 'Restore this version'}
          </button>
          {!editable && (
            <p id={restoreNoteId} className="history-preview__note">
              You can view this document only, so you cannot restore a version.
            </p>
          )}
          {restoreError !== null && (
            <p className="history-preview__error" role="alert">
              {restoreError}
            </p>
          )}
        </div>
      </div>
      {failure !== null ? (
        <p className="history-preview__error" role="alert">
          {failure}
        </p>
      ) : shown.status !== 'loaded' || base === null ? (
        <p className="history-preview__loading" role="status">
          Loading this version…
        </p>
      ) : (
        <VersionText
          key={version.id}
          json={shown.json}
          base={base}
          color={color}
          label={`Text of the version ${versionTitle(version)}`}
        />
      )}
    </section>
  )
}

/** The read-only text, built from the shared schema, with the changes against `base` as decorations. */
function VersionText({ json, base, color, label }: { json: JSONContent; base: Node | JSONContent; color: string | null; label: string }) {
  const editor = useEditor(
    {
      editable: false,
      extensions: [...documentExtensions, ChangeHighlights],
      content: json,
      editorProps: { attributes: { class: 'prose', role: 'document', 'aria-label': label, tabindex: '0' } },
    },
    [json],
  )

  useEffect(() => {
    const baseDoc = 'nodeSize' in base ? (base as Node) : editor.schema.nodeFromJSON(base)
    editor.view.dispatch(showChanges(editor.state.tr, { changes: changesBetween(baseDoc, editor.state.doc), color }))
  }, [editor, base, color])

  return (
    <div className="editor__paper history-preview__paper" data-testid="version-text">
      <EditorContent editor={editor} />
    </div>
  )
}
