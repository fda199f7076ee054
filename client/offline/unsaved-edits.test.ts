import { describe, expect, it } from 'vitest'
import { UnsavedEdits } from './unsaved-edits.ts'

function tracker() {
  const flips: boolean[] = []
  const edits: UnsavedEdits = new UnsavedEdits(() => flips.push(edits.hasUnsaved))
  return { edits, flips }
}

describe('UnsavedEdits', () => {
  it('has nothing unsaved before any edit', () => {
    const { edits } = tracker()
    expect(edits.hasUnsaved).toBe(false)
    expect(edits.latestEdit).toBe(0)
  })

  it('counts an edit as unsaved until IndexedDB has it', () => {
    const { edits, flips } = tracker()
    const first = edits.recordEdit()
    expect(edits.hasUnsaved).toBe(true)
    edits.markStoredOnDevice(first)
    expect(edits.hasUnsaved).toBe(false)
    expect(flips).toEqual([true, false])
  })

  it('counts an edit as saved once the server confirmed it, even while IndexedDB has not written it', () => {
    const { edits } = tracker()
    edits.recordEdit()
    edits.markConfirmedByServer(edits.latestEdit)
    expect(edits.hasUnsaved).toBe(false)
  })

  it('keeps a later edit unsaved when a receipt covers only the earlier ones', () => {
    const { edits } = tracker()
    const first = edits.recordEdit()
    edits.recordEdit()
    edits.markStoredOnDevice(first)
    expect(edits.hasUnsaved).toBe(true)
    edits.markConfirmedByServer(first)
    expect(edits.hasUnsaved).toBe(true)
  })

  it('takes the further of the two receipts', () => {
    const { edits } = tracker()
    edits.recordEdit()
    const second = edits.recordEdit()
    edits.recordEdit()
    edits.markConfirmedByServer(3)
    edits.markStoredOnDevice(second)
    expect(edits.hasUnsaved).toBe(false)
  })

  it('never moves a receipt backwards (a late, older receipt changes nothing)', () => {
    const { edits } = tracker()
    edits.recordEdit()
    const second = edits.recordEdit()
    edits.markStoredOnDevice(second)
    edits.markStoredOnDevice(1)
    expect(edits.hasUnsaved).toBe(false)
  })

  it('does not let a receipt cover edits that do not exist yet', () => {
    const { edits } = tracker()
    edits.markConfirmedByServer(5)
    edits.recordEdit()
    expect(edits.hasUnsaved).toBe(true)
  })

  it('reports only flips, not every edit', () => {
    const { edits, flips } = tracker()
    edits.recordEdit()
    edits.recordEdit()
    edits.recordEdit()
    edits.markStoredOnDevice(2)
    edits.markConfirmedByServer(3)
    edits.recordEdit()
    expect(flips).toEqual([true, false, true])
  })
})
