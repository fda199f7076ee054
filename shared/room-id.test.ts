import { describe, expect, it } from 'vitest'
import { checkRoomId, createRoomId, isValidRoomId } from './room-id.ts'

describe('room id rule', () => {
  it.each(['a', 'Z', '0', 'my-doc_1', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(isValidRoomId(id)).toBe(true)
  })

  it.each([
    ['', /empty/],
    ['x'.repeat(65), /65 characters/],
    ['../etc', /may only contain/],
    ['a b', /may only contain/],
    ['a\u0000b', /may only contain/],
    ['été', /may only contain/],
    ['a/b', /may only contain/],
    ['a.b', /may only contain/],
  ])('refuses %j with a reason', (id, reason) => {
    const check = checkRoomId(id)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(check.reason).toMatch(reason)
  })

  it('creates unguessable ids that follow the rule', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => createRoomId()))
    expect(ids.size).toBe(1000)
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
      expect(isValidRoomId(id)).toBe(true)
    }
  })
})
