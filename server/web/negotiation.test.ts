import { describe, expect, it } from 'vitest'
import { mediaTypeOf, noneMatchHits, preferredMediaType } from './negotiation.ts'

const OFFERED = ['application/json', 'text/html', 'text/markdown', 'text/plain', 'application/octet-stream']

describe('preferredMediaType', () => {
  it('gives the first offered type without Accept or with */*', () => {
    expect(preferredMediaType(undefined, OFFERED)).toBe('application/json')
    expect(preferredMediaType('*/*', OFFERED)).toBe('application/json')
  })

  it('takes the type with the highest q, the most specific range deciding each q', () => {
    expect(preferredMediaType('text/markdown', OFFERED)).toBe('text/markdown')
    expect(preferredMediaType('text/html;q=0.5, text/plain', OFFERED)).toBe('text/plain')
    expect(preferredMediaType('text/*', OFFERED)).toBe('text/html')
    expect(preferredMediaType('text/*, text/html;q=0', OFFERED)).toBe('text/markdown')
    expect(preferredMediaType('application/octet-stream, */*;q=0.1', OFFERED)).toBe('application/octet-stream')
  })

  it('is null when Accept takes none of them', () => {
    expect(preferredMediaType('image/png', OFFERED)).toBeNull()
    expect(preferredMediaType('*/*;q=0', OFFERED)).toBeNull()
  })
})

describe('mediaTypeOf', () => {
  it('drops parameters and case', () => {
    expect(mediaTypeOf('Text/Markdown; charset=utf-8')).toBe('text/markdown')
    expect(mediaTypeOf(undefined)).toBeNull()
    expect(mediaTypeOf('')).toBeNull()
  })
})

describe('noneMatchHits', () => {
  it('compares weakly, in a list, and * matches anything', () => {
    expect(noneMatchHits('"a"', '"a"')).toBe(true)
    expect(noneMatchHits('W/"a"', '"a"')).toBe(true)
    expect(noneMatchHits('"b", "a"', '"a"')).toBe(true)
    expect(noneMatchHits('*', '"a"')).toBe(true)
    expect(noneMatchHits('"b"', '"a"')).toBe(false)
    expect(noneMatchHits(undefined, '"a"')).toBe(false)
  })
})
