import { describe, expect, it } from 'vitest'
import { imageAddressRefusal, imageSrc, isUploadedImage } from './image-src.ts'

const ID = 'ab'.repeat(32)
const ORIGIN = 'https://docs.example.com'

describe('imageSrc', () => {
  it('keeps web addresses and this server’s upload paths', () => {
    expect(imageSrc(' https://example.com/cat.png ', ORIGIN)).toBe('https://example.com/cat.png')
    expect(imageSrc('https://example.com/a b.png', ORIGIN)).toBe('https://example.com/a%20b.png')
    expect(imageSrc(`/api/rooms/notes/uploads/${ID}`, ORIGIN)).toBe(`/api/rooms/notes/uploads/${ID}`)
    // Written out with this server's origin (copied from elsewhere): stored as the path, fetched with the token.
    expect(imageSrc(`${ORIGIN}/api/rooms/notes/uploads/${ID}`, ORIGIN)).toBe(`/api/rooms/notes/uploads/${ID}`)
    expect(imageSrc(`https://other.example/api/rooms/notes/uploads/${ID}`, ORIGIN)).toBe(`https://other.example/api/rooms/notes/uploads/${ID}`)
  })

  it('refuses data:, blob:, javascript:, file: and relative addresses', () => {
    for (const src of ['data:image/png;base64,iVBORw0KGgo=', 'DATA:image/gif;base64,R0lGOD', 'blob:https://docs.example.com/1234', 'javascript:alert(1)', 'file:///etc/passwd', 'cat.png', '/favicon.svg', `/api/rooms/notes/uploads/${ID}/../x`, '']) {
      expect(imageSrc(src, ORIGIN), src).toBeNull()
    }
  })

  it('refuses http: addresses, and the form says why and what to do', () => {
    for (const src of ['http://example.com/cat.png', ' HTTP://example.com/cat.png', `http://docs.example.com/api/rooms/notes/uploads/${ID}`]) {
      expect(imageSrc(src, ORIGIN), src).toBeNull()
    }
    // This server's own upload stays the path, also on a server reached over http.
    expect(imageSrc(`http://localhost:1234/api/rooms/notes/uploads/${ID}`, 'http://localhost:1234')).toBe(`/api/rooms/notes/uploads/${ID}`)
    expect(imageAddressRefusal(' http://example.com/cat.png')).toMatch(/starts with http:, which is not secure: only https: addresses/)
    expect(imageAddressRefusal('data:image/png;base64,iVBORw0KGgo=')).toMatch(/Only images on the web \(https: addresses\)/)
  })

  it('tells uploads from other images', () => {
    expect(isUploadedImage(`/api/rooms/notes/uploads/${ID}`)).toBe(true)
    expect(isUploadedImage('https://example.com/cat.png')).toBe(false)
  })
})
