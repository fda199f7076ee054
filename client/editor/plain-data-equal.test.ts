import { describe, expect, it } from 'vitest'
import { plainDataEqual } from './plain-data-equal.ts'

describe('plainDataEqual', () => {
  it('treats equal primitives, including NaN, as equal', () => {
    expect(plainDataEqual('3 words', '3 words')).toBe(true)
    expect(plainDataEqual(Number.NaN, Number.NaN)).toBe(true)
    expect(plainDataEqual(1, 2)).toBe(false)
    expect(plainDataEqual(null, {})).toBe(false)
  })

  it('compares records of button states by content', () => {
    const before = { bold: { enabled: true, active: false }, italic: { enabled: true, active: true } }
    expect(plainDataEqual(before, { bold: { enabled: true, active: false }, italic: { enabled: true, active: true } })).toBe(true)
    expect(plainDataEqual(before, { bold: { enabled: true, active: true }, italic: { enabled: true, active: true } })).toBe(false)
    expect(plainDataEqual(before, { bold: { enabled: true, active: false } })).toBe(false)
    expect(plainDataEqual({ a: undefined }, { b: undefined })).toBe(false)
  })

  it('tells arrays from objects and compares arrays in order', () => {
    expect(plainDataEqual([1, 2], [1, 2])).toBe(true)
    expect(plainDataEqual([1, 2], [2, 1])).toBe(false)
    expect(plainDataEqual([], {})).toBe(false)
  })
})
