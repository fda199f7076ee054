import { useEditorState, type Editor } from '@tiptap/react'
import { useRef, useState, type KeyboardEvent } from 'react'
import { ariaKeyShortcut, formatShortcut, TOOLBAR_GROUPS } from './toolbar-actions.ts'
import { icons } from './toolbar-icons.tsx'

const ALL_ACTIONS = TOOLBAR_GROUPS.flatMap((group) => group.actions)

type ButtonState = { enabled: boolean; active: boolean }

function readButtonStates(editor: Editor): Record<string, ButtonState> {
  return Object.fromEntries(
    ALL_ACTIONS.map((action) => [
      action.id,
      {
        enabled: editor.isEditable && action.command(editor.can().chain()).run(),
        active: action.isActive?.(editor) ?? false,
      },
    ]),
  )
}

/**
 * The formatting toolbar. It is one tab stop: arrow keys, Home and End move between
 * buttons (the WAI-ARIA toolbar pattern), so Tab goes straight on to the document.
 */
export function Toolbar({ editor, onEditLink, onInsertImage }: { editor: Editor; onEditLink: () => void; onInsertImage: () => void }) {
  const states = useEditorState({ editor, selector: ({ editor: current }) => readButtonStates(current) })
  const [tabStop, setTabStop] = useState<string>(ALL_ACTIONS[0].id)
  const toolbarRef = useRef<HTMLDivElement>(null)
  const tabStopEnabled = states[tabStop]?.enabled ?? false
  const effectiveTabStop = tabStopEnabled ? tabStop : ALL_ACTIONS.find((action) => states[action.id]?.enabled)?.id

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const target = {
      ArrowRight: buttons[(current + 1) % buttons.length],
      ArrowLeft: buttons[(current - 1 + buttons.length) % buttons.length],
      Home: buttons[0],
      End: buttons[buttons.length - 1],
    }[event.key]
    if (target === undefined || current === -1) return
    event.preventDefault()
    target.focus()
  }

  return (
    <div ref={toolbarRef} className="toolbar" role="toolbar" aria-label="Formatting" onKeyDown={handleKeyDown}>
      {TOOLBAR_GROUPS.filter((group) => !group.contextual || group.actions.some((action) => states[action.id].enabled)).map((group) => (
        <div key={group.label} className="toolbar__group" role="group" aria-label={group.label}>
          {group.actions.map((action) => {
            const state = states[action.id]
            return (
              <button
                key={action.id}
                type="button"
                className="toolbar__button"
                aria-label={action.label}
                aria-pressed={action.isActive ? state.active : undefined}
                aria-keyshortcuts={action.shortcut && ariaKeyShortcut(action.shortcut)}
                title={action.shortcut ? `${action.label} (${formatShortcut(action.shortcut)})` : action.label}
                disabled={!state.enabled}
                tabIndex={action.id === effectiveTabStop ? 0 : -1}
                onFocus={() => setTabStop(action.id)}
                // Keep the text selection in the editor while pressing a button.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => (action.opensLinkForm ? onEditLink() : action.opensImageForm ? onInsertImage() : action.command(editor.chain().focus()).run())}
              >
                {icons[action.id]}
              </button>
            )
          })}
        </div>
      ))}
    </div>
  )
}
