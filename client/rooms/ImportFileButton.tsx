import { useRef } from 'react'
import { IMPORT_ACCEPT } from './import-file.ts'

interface ImportFileButtonProps {
  importing: boolean
  onFiles: (files: File[]) => void
}

/** "Import file…": the keyboard's way to what dropping a file on the landing page does. */
export function ImportFileButton({ importing, onFiles }: ImportFileButtonProps) {
  const input = useRef<HTMLInputElement>(null)

  return (
    <>
      <button type="button" className="button button--ghost button--large" data-testid="import-file" disabled={importing} onClick={() => input.current?.click()}>
        {importing ? 'Importing…' : 'Import file…'}
      </button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_ACCEPT}
        hidden
        aria-label="Markdown or HTML file to import"
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? [])
          // The same file chosen again must fire a change again.
          event.currentTarget.value = ''
          onFiles(files)
        }}
      />
    </>
  )
}
