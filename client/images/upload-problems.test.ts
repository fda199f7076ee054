import { describe, expect, it } from 'vitest'
import { formatSize, OFFLINE_UPLOAD, problemBeforeUpload, problemFromAnswer, problemWithoutAnswer } from './upload-problems.ts'

describe('upload problems', () => {
  it('refuses other file types and uploads while offline before sending anything', () => {
    expect(problemBeforeUpload({ name: 'cat.png', type: 'image/png' }, true)).toBeNull()
    expect(problemBeforeUpload({ name: 'logo.svg', type: 'image/svg+xml' }, true)).toBe('“logo.svg” is not an image Seed can add: use PNG, JPEG, GIF or WebP.')
    expect(problemBeforeUpload({ name: 'notes.pdf', type: 'application/pdf' }, true)).toMatch(/not an image/)
    expect(problemBeforeUpload({ name: 'cat.png', type: 'image/png' }, false)).toBe(OFFLINE_UPLOAD)
    expect(OFFLINE_UPLOAD).toMatch(/offline/)
  })

  it('says what the server’s refusal means for the person', () => {
    expect(problemFromAnswer('big.png', 413, { error: 'x', maxUploadBytes: 10 * 1024 * 1024 })).toBe('“big.png” is too large for this server (at most 10 MB). Make the image smaller and add it again.')
    expect(problemFromAnswer('big.png', 413, {})).toBe('“big.png” is too large for this server. Make the image smaller and add it again.')
    expect(problemFromAnswer('more.png', 413, { error: 'x', maxUploadBytesPerRoom: 100 * 1024 * 1024 })).toBe(
      '“more.png” does not fit: this document’s images may take at most 100 MB together. Add the image by its https: address instead.',
    )
    expect(problemFromAnswer('fast.png', 429, { error: 'x', retryAfterSeconds: 12 })).toBe('Too many images added at once: add “fast.png” again in 12 s.')
    expect(problemFromAnswer('fake.png', 415, { error: 'x' })).toMatch(/not an image Seed can add/)
    expect(problemFromAnswer('a.png', 403, { error: 'This link only lets you read the document; adding images needs an edit link' })).toBe(
      'You cannot add images to this document. This link only lets you read the document; adding images needs an edit link.',
    )
    expect(problemFromAnswer('a.png', 503, {})).toBe('The server could not store “a.png” (HTTP 503). Try again in a moment.')
    expect(problemWithoutAnswer('a.png', true)).toMatch(/could not be reached/)
    expect(problemWithoutAnswer('a.png', false)).toBe(OFFLINE_UPLOAD)
  })

  it('writes sizes the way people read them', () => {
    expect(formatSize(10 * 1024 * 1024)).toBe('10 MB')
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB')
    expect(formatSize(4096)).toBe('4 KB')
    expect(formatSize(500)).toBe('500 bytes')
  })
})
