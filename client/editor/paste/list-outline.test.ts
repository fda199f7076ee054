import { describe, expect, it } from 'vitest'
import { markerKind, nestOutline, parseMsoList, type OutlineEntry } from './list-outline.ts'

describe('parseMsoList', () => {
  it('reads the list and the level of a Word list paragraph', () => {
    expect(parseMsoList("margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1")).toEqual({ list: 'l0', level: 2 })
    expect(parseMsoList('text-indent:-.25in;mso-list: l12 level1 lfo3')).toEqual({ list: 'l12', level: 1 })
  })

  it('ignores the marker span and paragraphs that are no list', () => {
    expect(parseMsoList('mso-list:Ignore')).toBeNull()
    expect(parseMsoList('margin-bottom:0cm')).toBeNull()
    expect(parseMsoList('')).toBeNull()
  })
})

describe('markerKind', () => {
  it('tells numbers from bullets', () => {
    for (const marker of ['1.', '12.', 'a)', 'b.', 'iv.', 'IV)', '(3)']) expect(markerKind(marker)).toBe('ordered')
    for (const marker of ['·', 'o', '§', '•', '–', '-', 'Ø', '']) expect(markerKind(marker)).toBe('bullet')
  })
})

function entry(kind: 'bullet' | 'ordered', level: number, content: string): OutlineEntry<string> {
  return { kind, level, content }
}

describe('nestOutline', () => {
  it('keeps a flat list flat', () => {
    expect(nestOutline([entry('bullet', 1, 'a'), entry('bullet', 1, 'b')])).toEqual([
      {
        kind: 'bullet',
        items: [
          { content: 'a', children: [] },
          { content: 'b', children: [] },
        ],
      },
    ])
  })

  it('nests deeper levels inside the item before them and comes back out', () => {
    const lists = nestOutline([entry('bullet', 1, 'Milk'), entry('bullet', 2, 'Oat'), entry('bullet', 3, 'Barista'), entry('bullet', 1, 'Bread')])
    expect(lists).toEqual([
      {
        kind: 'bullet',
        items: [
          {
            content: 'Milk',
            children: [{ kind: 'bullet', items: [{ content: 'Oat', children: [{ kind: 'bullet', items: [{ content: 'Barista', children: [] }] }] }] }],
          },
          { content: 'Bread', children: [] },
        ],
      },
    ])
  })

  it('nests a numbered sublist under a bullet and starts a new list when the kind changes', () => {
    const lists = nestOutline([entry('bullet', 1, 'Steps'), entry('ordered', 2, 'one'), entry('ordered', 2, 'two'), entry('ordered', 1, 'Then')])
    expect(lists.map((list) => list.kind)).toEqual(['bullet', 'ordered'])
    expect(lists[0].items[0].children).toEqual([
      {
        kind: 'ordered',
        items: [
          { content: 'one', children: [] },
          { content: 'two', children: [] },
        ],
      },
    ])
    expect(lists[1].items).toEqual([{ content: 'Then', children: [] }])
  })

  it('treats a skipped level as one step deeper, and a run starting deep as a list of its own', () => {
    expect(nestOutline([entry('bullet', 1, 'a'), entry('bullet', 3, 'b')])[0].items[0].children[0].items[0].content).toBe('b')
    expect(nestOutline([entry('bullet', 2, 'a'), entry('bullet', 1, 'b')])).toHaveLength(2)
  })
})
