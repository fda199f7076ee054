import { TOOLBAR_GROUPS, type ToolbarAction } from '../toolbar-actions.ts'

/** A block the `/` menu offers: the toolbar's action for it, with the words it is found by. */
export interface SlashBlock {
  action: ToolbarAction
  label: string
  /** Other words that find it: what other editors call it, its Markdown or HTML name. */
  keywords: string[]
}

const OFFERED: { id: ToolbarAction['id']; label: string; keywords: string[] }[] = [
  { id: 'heading1', label: 'Heading 1', keywords: ['h1', 'title'] },
  { id: 'heading2', label: 'Heading 2', keywords: ['h2', 'subtitle'] },
  { id: 'heading3', label: 'Heading 3', keywords: ['h3'] },
  { id: 'bulletList', label: 'Bulleted list', keywords: ['ul', 'unordered', 'bullets'] },
  { id: 'orderedList', label: 'Numbered list', keywords: ['ol', 'ordered'] },
  { id: 'taskList', label: 'Checklist', keywords: ['todo', 'task', 'checkbox'] },
  { id: 'table', label: 'Table', keywords: ['grid'] },
  { id: 'image', label: 'Image', keywords: ['picture', 'photo', 'upload'] },
  { id: 'horizontalRule', label: 'Divider', keywords: ['hr', 'rule', 'line', 'separator'] },
  { id: 'codeBlock', label: 'Code block', keywords: ['pre', 'snippet'] },
  { id: 'blockquote', label: 'Quote', keywords: ['blockquote', 'citation'] },
]

const toolbarActions = TOOLBAR_GROUPS.flatMap((group) => group.actions)

export const SLASH_BLOCKS: SlashBlock[] = OFFERED.map(({ id, label, keywords }) => {
  const action = toolbarActions.find((candidate) => candidate.id === id)
  if (!action) throw new Error(`The toolbar has no action "${id}" for the / menu`)
  return { action, label, keywords }
})

/** The blocks one of whose words starts with what was typed after `/` (`/he` → the headings). */
export function matchingBlocks(query: string): SlashBlock[] {
  const typed = query.trim().toLowerCase()
  return SLASH_BLOCKS.filter(({ label, keywords }) =>
    [...label.toLowerCase().split(/\s+/), ...keywords].some((word) => word.startsWith(typed)),
  )
}
