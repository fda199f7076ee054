/**
 * The pure part of turning Word's list paragraphs into lists: reading a
 * paragraph's place in a list from its `mso-list` style and its marker, and
 * nesting a run of paragraphs by level. (paste-html.ts does the DOM work.)
 */

export type ListKind = 'bullet' | 'ordered'

/** Where Word put a list paragraph: which list (`l0`) and how deep (1 is the outermost level). */
export interface MsoListPlace {
  list: string
  level: number
}

/** Reads `mso-list:l0 level2 lfo1` from a paragraph's style; null for any other paragraph. */
export function parseMsoList(style: string): MsoListPlace | null {
  const match = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(style)
  if (match === null) return null
  return { list: match[1], level: Math.max(1, Number(match[2])) }
}

/** "1.", "a)", "iv.", "(3)" number a list; Word's bullet glyphs ("·", "o", "§", "•", "–") do not. */
export function markerKind(marker: string): ListKind {
  return /^\(?(\d+|[a-z]{1,2}|[ivxlcdm]+)[.)]$/i.test(marker.trim()) ? 'ordered' : 'bullet'
}

export interface OutlineEntry<T> {
  kind: ListKind
  level: number
  content: T
}

export interface OutlineItem<T> {
  content: T
  children: OutlineList<T>[]
}

export interface OutlineList<T> {
  kind: ListKind
  items: OutlineItem<T>[]
}

/**
 * Nests a run of list paragraphs: a deeper level opens a list inside the item
 * before it (a skipped level counts as one step deeper), a shallower one goes
 * back out, and a change of kind at the same level starts a new list.
 */
export function nestOutline<T>(entries: OutlineEntry<T>[]): OutlineList<T>[] {
  const roots: OutlineList<T>[] = []
  // The lists open from the outermost to the current one, with the level each holds.
  const open: { list: OutlineList<T>; level: number }[] = []

  const startList = (kind: ListKind, level: number): OutlineList<T> => {
    const list: OutlineList<T> = { kind, items: [] }
    const parent = open[open.length - 1]
    if (parent === undefined) roots.push(list)
    else parent.list.items[parent.list.items.length - 1].children.push(list)
    open.push({ list, level })
    return list
  }

  for (const entry of entries) {
    while (open.length > 0 && open[open.length - 1].level > entry.level) open.pop()
    let current = open[open.length - 1]
    if (current !== undefined && current.level === entry.level && current.list.kind !== entry.kind) {
      open.pop()
      current = open[open.length - 1]
    }
    const list = current !== undefined && current.level === entry.level ? current.list : startList(entry.kind, entry.level)
    list.items.push({ content: entry.content, children: [] })
  }
  return roots
}
