import { describe, expect, it } from 'vitest'
import { COMPACT_TOOLBAR_IDS, splitForCompactToolbar } from './compact-toolbar.ts'
import { TOOLBAR_GROUPS } from './toolbar-actions.ts'

describe('splitForCompactToolbar', () => {
  const { row, overflow } = splitForCompactToolbar(TOOLBAR_GROUPS)
  const all = TOOLBAR_GROUPS.flatMap((group) => group.actions.map((action) => action.id))

  it('keeps every action exactly once, in the toolbar’s order', () => {
    const inRow = row.flatMap((group) => group.actions.map((action) => action.id))
    expect([...inRow, ...overflow.map((action) => action.id)].sort()).toEqual([...all].sort())
    expect(inRow).toEqual(all.filter((id) => COMPACT_TOOLBAR_IDS.has(id)))
    expect(overflow.map((action) => action.id)).toEqual(all.filter((id) => !COMPACT_TOOLBAR_IDS.has(id)))
  })

  it('leaves out groups with nothing in the row', () => {
    expect(row.every((group) => group.actions.length > 0)).toBe(true)
    expect(row.map((group) => group.label)).not.toContain('Alignment')
  })
})
