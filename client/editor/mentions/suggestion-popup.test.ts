import { expect, it } from 'vitest'
import { wrappedIndex } from './suggestion-popup.ts'

it('moves the active option by one, wrapping at both ends', () => {
  expect(wrappedIndex(0, 1, 3)).toBe(1)
  expect(wrappedIndex(2, 1, 3)).toBe(0)
  expect(wrappedIndex(0, -1, 3)).toBe(2)
  expect(wrappedIndex(0, 1, 0)).toBe(0)
})
