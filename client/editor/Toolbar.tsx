import type { Editor } from '@tiptap/react'
import { useRef, useState, type KeyboardEvent } from 'react'
import { useNarrowScreen } from '../layout/use-narrow-screen.ts'
import { MENU_GROUP_ICONS, splitForCompactToolbar } from './compact-toolbar.ts'
import { ariaKeyShortcut, formatShortcut, TOOLBAR_GROUPS, type ToolbarAction, type ToolbarGroup } from './toolbar-actions.ts'
import { icons, moreIcon } from './toolbar-icons.tsx'
import { useEditorStateAfterPaint } from './use-editor-state-after-paint.ts'
import { ToolbarOverflowMenu } from './ToolbarOverflowMenu.tsx'

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

/** The roving tab stop's name for the More button of the compact toolbar (a menu group's is its label). */
const MORE = 'more'

/**
 * The formatting toolbar. It is one tab stop: arrow keys, Home and End move between
 * buttons (the WAI-ARIA toolbar pattern), so Tab goes straight on to the document.
 * On a phone it is one row of the most used actions, the rest under More; on wider
 * screens alignment and the table tools are a menu button each, so it is one row too.
 */
export function Toolbar({ editor, onEditLink, onInsertImage }: { editor: Editor; onEditLink: () => void; onInsertImage: () => void }) {
  const states = useEditorStateAfterPaint(editor, readButtonStates)
  const [tabStop, setTabStop] = useState<string>(ALL_ACTIONS[0].id)
  const toolbarRef = useRef<HTMLDivElement>(null)
  const narrow = useNarrowScreen()
  const groups = TOOLBAR_GROUPS.filter((group) => !group.contextual || group.actions.some((action) => states[action.id].enabled))
  const { row, overflow } = narrow ? splitForCompactToolbar(groups) : { row: groups, overflow: [] }
  const isMenu = (group: ToolbarGroup): boolean => !narrow && MENU_GROUP_ICONS.has(group.label)
  const tabStops = [
    ...row.flatMap((group) => (isMenu(group) ? [group.label] : group.actions.filter((action) => states[action.id].enabled).map((action) => action.id))),
    ...(narrow ? [MORE] : []),
  ]
  const effectiveTabStop = tabStops.includes(tabStop) ? tabStop : tabStops[0]

  const run = (action: ToolbarAction): void => {
    if (action.opensLinkForm) onEditLink()
    else if (action.opensImageForm) onInsertImage()
    else action.command(editor.chain().focus()).run()
  }

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = Array.from(toolbarRef.current?.querySelectorAll<HTMLButtonElement>('.toolbar__button:not(:disabled)') ?? [])
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
      {row.map((group) => (isMenu(group) ? (
        <div key={group.label} className="toolbar__group">
          <ToolbarOverflowMenu
            name={group.label}
            menuLabel={group.label}
            icon={icons[group.actions.find((action) => states[action.id].active)?.id ?? MENU_GROUP_ICONS.get(group.label)!]}
            actions={group.actions}
            states={states}
            run={run}
            tabIndex={effectiveTabStop === group.label ? 0 : -1}
            onFocus={() => setTabStop(group.label)}
          />
        </div>
      ) : (
        <div key={group.label} className="toolbar__group" role="group" aria-label={group.label}>
          {group.actions.map((action) => {
            const state = states[action.id]
            return (
              <button
                key={action.id}
                type="button"
                className="toolbar__button"
                aria-label={action.text ? `${action.text}: ${action.label}` : action.label}
                aria-pressed={action.isActive ? state.active : undefined}
                aria-keyshortcuts={action.shortcut && ariaKeyShortcut(action.shortcut)}
                title={action.shortcut ? `${action.label} (${formatShortcut(action.shortcut)})` : action.label}
                disabled={!state.enabled}
                tabIndex={action.id === effectiveTabStop ? 0 : -1}
                onFocus={() => setTabStop(action.id)}
                // Keep the text selection in the editor while pressing a button.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => run(action)}
              >
                {icons[action.id]}
              </button>
            )
          })}
        </div>
      )))}
      {narrow && (
        <div className="toolbar__group">
          <ToolbarOverflowMenu
            name="More"
            menuLabel="More formatting"
            icon={moreIcon}
            actions={overflow}
            states={states}
            run={run}
            tabIndex={effectiveTabStop === MORE ? 0 : -1}
            onFocus={() => setTabStop(MORE)}
          />
        </div>
      )}
    </div>
  )
}
