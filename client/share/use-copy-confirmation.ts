import { useEffect, useState } from 'react'
import { copyText } from './copy-text.ts'

const CONFIRMATION_MS = 3000

/** `copiedAt` restarts the timer when copying again while the message still shows. */
type Confirmation = { copied: boolean; copiedAt: number } | null

/** Copies text and says for a few seconds whether it worked: true, false, or null when there is nothing to say. */
export function useCopyConfirmation(): { copy: (text: string) => Promise<void>; copied: boolean | null } {
  const [confirmation, setConfirmation] = useState<Confirmation>(null)

  useEffect(() => {
    if (confirmation === null) return
    const timer = setTimeout(() => setConfirmation(null), CONFIRMATION_MS)
    return () => clearTimeout(timer)
  }, [confirmation])

  const copy = async (text: string): Promise<void> => {
    const copied = await copyText(text)
    setConfirmation({ copied, copiedAt: Date.now() })
  }
  return { copy, copied: confirmation?.copied ?? null }
}
