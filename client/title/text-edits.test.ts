import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { editBetween, positionAfter, type TextDelta } from './text-edits.ts'

function apply(text: string, edit: { index: number; deleteCount: number; insert: string } | null): string {
  return edit === null ? text : text.slice(0, edit.index) + edit.insert + text.slice(edit.index + edit.deleteCount)
}

describe('editBetween', () => {
  it('is null when nothing changed', () => {
    expect(editBetween('Plan', 'Plan', 4)).toBeNull()
  })

  it('sends only the typed letters, where the caret is', () => {
    expect(editBetween('Plan', 'Plans', 5)).toEqual({ index: 4, deleteCount: 0, insert: 's' })
    expect(editBetween('Plan', 'My Plan', 3)).toEqual({ index: 0, deleteCount: 0, insert: 'My ' })
    // A letter typed into a run of the same letter went where the caret is, not at the run's end.
    expect(editBetween('aa', 'aaa', 2)).toEqual({ index: 1, deleteCount: 0, insert: 'a' })
  })

  it('sends a deletion and a replaced selection as the span that changed', () => {
    expect(editBetween('aaa', 'aa', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' })
    expect(editBetween('abc', 'axyc', 3)).toEqual({ index: 1, deleteCount: 1, insert: 'xy' })
    expect(editBetween('Plan', '', 0)).toEqual({ index: 0, deleteCount: 4, insert: '' })
  })

  it('always turns the old text into the new one', () => {
    const cases: [string, string, number][] = [
      ['hello', 'help', 3],
      ['', 'x', 1],
      ['abab', 'ab', 0],
      ['abab', 'abababab', 8],
      ['title', 'Title', 1],
    ]
    for (const [before, after, caret] of cases) expect(apply(before, editBetween(before, after, caret))).toBe(after)
  })
})

describe('positionAfter', () => {
  it('moves a position by what was inserted or deleted before it, and not by what came after', () => {
    expect(positionAfter(4, [{ insert: 'My ' }])).toBe(7)
    expect(positionAfter(4, [{ retain: 4 }, { insert: ' draft' }])).toBe(4)
    expect(positionAfter(4, [{ retain: 1 }, { delete: 2 }])).toBe(2)
    expect(positionAfter(2, [{ retain: 1 }, { delete: 3 }])).toBe(1)
    expect(positionAfter(0, [{ insert: 'x' }])).toBe(0)
  })

  it('keeps each person’s caret after their own letters when both type at the same place', () => {
    expect(positionAfter(5, [{ retain: 5 }, { insert: 'y' }])).toBe(5)
  })

  it('follows a real Y.Text change', () => {
    const doc = new Y.Doc()
    const text = doc.getText('title')
    text.insert(0, 'Team plan')
    let delta: TextDelta = []
    text.observe((event) => (delta = event.delta))
    doc.transact(() => {
      text.delete(0, 5)
      text.insert(4, ' for Monday')
    })
    expect(text.toString()).toBe('plan for Monday')
    expect(positionAfter(7, delta)).toBe(2)
    expect(positionAfter(9, delta)).toBe(4)
  })
})
