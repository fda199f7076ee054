import { describe, expect, it } from 'vitest'
import { detectImageType } from './image-type.ts'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part)))

describe('detectImageType', () => {
  it('recognizes PNG, JPEG, GIF (87a and 89a) and WebP by their first bytes', () => {
    expect(detectImageType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png')
    expect(detectImageType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(detectImageType(bytes('GIF87a', [1]))).toBe('image/gif')
    expect(detectImageType(bytes('GIF89a', [1]))).toBe('image/gif')
    expect(detectImageType(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp')
  })

  it('refuses SVG, HTML, other images, truncated headers and nothing at all', () => {
    expect(detectImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull()
    expect(detectImageType(bytes('<!doctype html><img src=x onerror=alert(1)>'))).toBeNull()
    expect(detectImageType(bytes('BM', [0, 0, 0, 0]))).toBeNull()
    expect(detectImageType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull()
    expect(detectImageType(bytes([0x89], 'PNG'))).toBeNull()
    expect(detectImageType(bytes('GIF8'))).toBeNull()
    expect(detectImageType(new Uint8Array())).toBeNull()
  })
})
