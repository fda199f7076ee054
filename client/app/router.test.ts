import { describe, expect, it } from 'vitest'
import { parseRoute, roomPath } from './router.ts'

describe('parseRoute', () => {
  it('knows the landing page', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' })
  })

  it('takes the room id from /r/<id>, valid or not', () => {
    expect(parseRoute('/r/abc_DEF-123')).toEqual({ page: 'room', roomId: 'abc_DEF-123' })
    expect(parseRoute('/r/')).toEqual({ page: 'room', roomId: '' })
    expect(parseRoute('/r/a%20b')).toEqual({ page: 'room', roomId: 'a b' })
    expect(parseRoute('/r/%E0%A4%A')).toEqual({ page: 'room', roomId: '%E0%A4%A' })
  })

  it('sends anything else to not found', () => {
    expect(parseRoute('/settings')).toEqual({ page: 'not-found' })
  })

  it('round-trips room paths', () => {
    expect(parseRoute(roomPath('Abc-_9'))).toEqual({ page: 'room', roomId: 'Abc-_9' })
  })
})
