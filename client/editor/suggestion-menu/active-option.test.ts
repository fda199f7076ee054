import { describe, expect, it } from 'vitest'
import { movedActiveOption } from './active-option.ts'

describe('movedActiveOption', () => {
  it('moves down and up, round the ends', () => {
    expect(movedActiveOption('ArrowDown', 0, 3)).toBe(1)
    expect(movedActiveOption('ArrowDown', 2, 3)).toBe(0)
    expect(movedActiveOption('ArrowUp', 1, 3)).toBe(0)
    expect(movedActiveOption('ArrowUp', 0, 3)).toBe(2)
  })

  it('leaves other keys, and an empty list, to the editor', () => {
    expect(movedActiveOption('Enter', 0, 3)).toBeNull()
    expect(movedActiveOption('ArrowLeft', 0, 3)).toBeNull()
    expect(movedActiveOption('ArrowDown', 0, 0)).toBeNull()
  })
})
