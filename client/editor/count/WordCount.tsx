import type { Editor } from '@tiptap/react'
import { useEditorStateAfterPaint } from '../use-editor-state-after-paint.ts'
import { countDocument, countRange, describeCount } from './text-count.ts'

/**
 * "340 words · 1,920 characters", counting the selection when there is one. It
 * follows every transaction, other people's typing included (counted after the
 * frame that shows it, so counting never delays the text); it is not a live
 * region, so a screen reader does not announce each keystroke's count.
 */
export function WordCount({ editor }: { editor: Editor }) {
  const text = useEditorStateAfterPaint(editor, (current) => {
    const { doc, selection } = current.state
    return describeCount(countDocument(doc), selection.empty ? null : countRange(doc, selection.from, selection.to))
  })
  return (
    <span className="editor-status__count" data-testid="word-count">
      {text}
    </span>
  )
}
