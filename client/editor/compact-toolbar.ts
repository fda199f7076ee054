import type { ToolbarAction, ToolbarGroup } from './toolbar-actions.ts'

/**
 * On wider screens these groups are one button opening a menu of their actions, so the toolbar fits one row (also
 * while the table tools show). The button shows the active action's icon (the alignment in use), or the one named here.
 */
export const MENU_GROUP_ICONS: ReadonlyMap<ToolbarGroup['label'], ToolbarAction['id']> = new Map([
  ['Alignment', 'alignLeft'],
  ['Table', 'table'],
])

/** What stays in the one row of a phone's toolbar: the most used formatting, links and undo. */
export const COMPACT_TOOLBAR_IDS: ReadonlySet<ToolbarAction['id']> = new Set(['bold', 'italic', 'heading2', 'bulletList', 'link', 'undo', 'redo'])

/**
 * Splits the toolbar for a narrow screen: the groups trimmed to the compact
 * actions (empty groups dropped, order kept) and everything else, in toolbar
 * order, for the overflow menu.
 */
export function splitForCompactToolbar(groups: readonly ToolbarGroup[]): { row: ToolbarGroup[]; overflow: ToolbarAction[] } {
  const row = groups
    .map((group) => ({ ...group, actions: group.actions.filter((action) => COMPACT_TOOLBAR_IDS.has(action.id)) }))
    .filter((group) => group.actions.length > 0)
  const overflow = groups.flatMap((group) => group.actions.filter((action) => !COMPACT_TOOLBAR_IDS.has(action.id)))
  return { row, overflow }
}
