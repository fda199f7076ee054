import type { Editor } from '@tiptap/core'
import { useCallback, useId, useRef, useState } from 'react'
import { useDismissable } from '../app/use-dismissable.ts'
import { exportDocument, exportFileName, type ExportFormat } from './export-formats.ts'
import { saveFile } from './save-file.ts'
import './export.css'

const CHOICES: { format: ExportFormat; label: string }[] = [
  { format: 'markdown', label: 'Markdown (.md)' },
  { format: 'html', label: 'Web page (.html)' },
  { format: 'json', label: 'JSON (.json)' },
]

/** Offered to everyone who can read the document, view-only readers included. */
export function DownloadMenu({ editor, title }: { editor: Editor; title: string }) {
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)

  const close = useCallback(() => setOpen(false), [])
  useDismissable(open, close, rootRef, buttonRef)

  const download = async (format: ExportFormat): Promise<void> => {
    setOpen(false)
    saveFile(await exportDocument(editor, title, format), exportFileName(title, format))
  }

  return (
    <div className="download" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--ghost button--small"
        data-testid="download-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
      >
        Download
      </button>
      {open && (
        <ul className="download__menu" id={menuId}>
          {CHOICES.map(({ format, label }) => (
            <li key={format}>
              <button type="button" className="download__choice" onClick={() => void download(format)}>
                {label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
