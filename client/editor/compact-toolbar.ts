import type { ToolbarAction, ToolbarGroup } from './toolbar-actions.ts'

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
