import { describe, expect, it } from 'vitest'
import { exportFileName, standaloneHtml } from './export-formats.ts'

describe('exportFileName', () => {
  it('names the file after the title', () => {
    expect(exportFileName('Meeting notes', 'markdown')).toBe('Meeting notes.md')
    expect(exportFileName('Meeting notes', 'html')).toBe('Meeting notes.html')
    expect(exportFileName('Meeting notes', 'json')).toBe('Meeting notes.json')
  })

  it('drops characters file systems refuse, a truncation mark and leading dots', () => {
    expect(exportFileName('a/b\\c: "d"?*<e>|', 'markdown')).toBe('a b c d e.md')
    expect(exportFileName('A long title…', 'markdown')).toBe('A long title.md')
    expect(exportFileName('..hidden', 'json')).toBe('hidden.json')
  })

  it('never makes an empty name', () => {
    expect(exportFileName('', 'html')).toBe('document.html')
    expect(exportFileName(' / ', 'html')).toBe('document.html')
  })
})

describe('standaloneHtml', () => {
  it('wraps the body with a charset and an escaped title, and allows no scripts', () => {
    const html = standaloneHtml('<Plans> & "ideas"', '<p>Hello</p>')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<meta charset="utf-8">')
    expect(html).toContain('<title>&#60;Plans&#62; &#38; &#34;ideas&#34;</title>')
    expect(html).toContain('<body>\n<p>Hello</p>\n</body>')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toContain('<script')
  })
})
