import { useEffect, useId, useRef } from 'react'
import { formatShortcut } from '../toolbar-actions.ts'
import { shortcutSections } from './keyboard-shortcuts.ts'
import './shortcuts.css'

/**
 * The keyboard shortcuts, generated from the same table as the toolbar's tooltips
 * (⌘ on Apple devices). A modal dialog: Escape closes it, and the focus goes back
 * to where it was (the document, or the button that opened it).
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  const titleId = useId()

  useEffect(() => {
    const element = dialog.current
    if (element === null || open === element.open) return
    if (open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      element.showModal()
      // The dialog itself, not its Close button at the bottom, takes the focus: the list shows from its title, and arrow keys scroll it.
      element.focus()
      element.scrollTop = 0
    } else {
      element.close()
    }
  }, [open])

  // Escape and the Close button both end in the close event.
  const handleClose = (): void => {
    opener.current?.focus()
    onClose()
  }

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby={titleId} tabIndex={-1} onClose={handleClose}>
      <h2 id={titleId} className="shortcuts-dialog__title">
        Keyboard shortcuts
      </h2>
      <div className="shortcuts-dialog__sections">
        {shortcutSections().map((section) => (
          <section key={section.title} className="shortcuts-dialog__section" aria-label={section.title}>
            <h3 className="shortcuts-dialog__section-title">{section.title}</h3>
            <dl className="shortcuts-dialog__list">
              {section.entries.map((entry) => (
                <div key={entry.label} className="shortcuts-dialog__entry">
                  <dt>{entry.label}</dt>
                  <dd>
                    <kbd>{formatShortcut(entry.shortcut)}</kbd>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <form method="dialog" className="shortcuts-dialog__actions">
        <button type="submit" className="button button--ghost">
          Close
        </button>
      </form>
    </dialog>
  )
}
