import { describe, expect, it } from 'vitest'
import { routeLabel } from './route-label.ts'

describe('routeLabel', () => {
  it('names a path by its route template, never by its ids', () => {
    expect(routeLabel('/healthz')).toBe('/healthz')
    expect(routeLabel('/api/rooms')).toBe('/api/rooms')
    expect(routeLabel('/api/rooms/abc-123')).toBe('/api/rooms/{room}')
    expect(routeLabel('/api/rooms/abc-123/uploads/9f8e')).toBe('/api/rooms/{room}/uploads/{upload}')
    expect(routeLabel('/api/rooms/abc-123/sessions/s1/messages')).toBe('/api/rooms/{room}/sessions/{session}/messages')
    expect(routeLabel('/api/v1/documents/abc-123/updates')).toBe('/api/v1/documents/{id}/updates')
    expect(routeLabel('/api/v1/openapi.json')).toBe('/api/v1/openapi.json')
  })

  it('folds API paths that match no route into /api/*, and everything else into /*', () => {
    expect(routeLabel('/api/rooms/abc-123/elsewhere')).toBe('/api/*')
    expect(routeLabel('/api')).toBe('/api/*')
    expect(routeLabel('/r/abc-123')).toBe('/*')
    expect(routeLabel('/assets/index-3f2a.js')).toBe('/*')
    expect(routeLabel('/apiary')).toBe('/*')
  })
})
