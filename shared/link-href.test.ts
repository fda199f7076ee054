import { describe, expect, it } from 'vitest'
import { linkHref } from './link-href.ts'

describe('linkHref', () => {
  it('keeps web and email links as they are', () => {
    expect(linkHref('https://example.com/a?b=c#d')).toBe('https://example.com/a?b=c#d')
    expect(linkHref('http://localhost:8080')).toBe('http://localhost:8080')
    expect(linkHref('HTTPS://EXAMPLE.COM')).toBe('HTTPS://EXAMPLE.COM')
    expect(linkHref('mailto:ada@example.com')).toBe('mailto:ada@example.com')
  })

  it('completes a bare host name or email address', () => {
    expect(linkHref('  example.com/docs ')).toBe('https://example.com/docs')
    expect(linkHref('ada@example.com')).toBe('mailto:ada@example.com')
  })

  it('refuses schemes that can run code or fake a page, however they are disguised', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0000javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      expect(linkHref(url), url).toBeNull()
    }
  })

  it('refuses what is not a link', () => {
    expect(linkHref('')).toBeNull()
    expect(linkHref('   ')).toBeNull()
    expect(linkHref('hello')).toBeNull()
    expect(linkHref('/relative/path')).toBeNull()
    expect(linkHref('#anchor')).toBeNull()
  })
})
