import { useCallback, useRef, useState } from 'react'

/**
 * Whether the history panel is open and which version it previews: the page hides the
 * editor while a version is shown in its place. Closing returns the focus to the button.
 */
export function useHistoryPanel() {
  const [open, setOpen] = useState(false)
  const [previewed, setPreviewed] = useState<string | null>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)

  const close = useCallback(() => {
    setOpen(false)
    setPreviewed(null)
    buttonRef.current?.focus()
  }, [])

  const toggle = useCallback(() => {
    if (open) close()
    else setOpen(true)
  }, [open, close])

  return { open, previewed, preview: setPreviewed, toggle, close, buttonRef }
}
