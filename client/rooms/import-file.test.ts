import { describe, expect, it } from 'vitest'
import { hasHeading, IMPORT_ACCEPT, importFormatOf, importTitle } from './import-file.ts'

describe('importFormatOf', () => {
  it('imports Markdown and HTML by extension, whatever type the browser gave', () => {
    expect(importFormatOf({ name: 'notes.md', type: '' })).toBe('markdown')
    expect(importFormatOf({ name: 'Notes.MARKDOWN', type: 'application/octet-stream' })).toBe('markdown')
    expect(importFormatOf({ name: 'page.html', type: 'text/html' })).toBe('html')
    expect(importFormatOf({ name: 'page.htm', type: '' })).toBe('html')
  })

  it('falls back to the type for a name without a known extension, and refuses anything else', () => {
    expect(importFormatOf({ name: 'export', type: 'text/markdown' })).toBe('markdown')
    expect(importFormatOf({ name: 'notes.txt', type: 'text/plain' })).toBeNull()
    expect(importFormatOf({ name: 'photo.png', type: 'image/png' })).toBeNull()
    expect(importFormatOf({ name: '.md', type: '' })).toBeNull()
  })

  it('offers the same files in the picker', () => {
    expect(IMPORT_ACCEPT.split(',')).toEqual(expect.arrayContaining(['.md', '.markdown', '.html', '.htm', 'text/markdown', 'text/html']))
  })
})

describe('hasHeading', () => {
  it('finds ATX and setext headings in Markdown', () => {
    expect(hasHeading('markdown', 'Intro\n\n## Plan\n- a')).toBe(true)
    expect(hasHeading('markdown', '#')).toBe(true)
    expect(hasHeading('markdown', 'Title\n=====\ntext')).toBe(true)
    expect(hasHeading('markdown', 'Title\n---\n')).toBe(true)
  })

  it('does not take a hashtag, a rule, a code block or a list item for a heading', () => {
    expect(hasHeading('markdown', '#hashtag and text')).toBe(false)
    expect(hasHeading('markdown', 'text\n\n---\n\nmore')).toBe(false)
    expect(hasHeading('markdown', '```\n# not a heading\n```\nplain')).toBe(false)
    expect(hasHeading('markdown', '- item\n---')).toBe(false)
    expect(hasHeading('markdown', '    # indented code')).toBe(false)
  })

  it('finds h1–h6 elements in HTML', () => {
    expect(hasHeading('html', '<body><H2 class="x">Plan</H2></body>')).toBe(true)
    expect(hasHeading('html', '<p>no <header>heading</header> here</p><hr>')).toBe(false)
  })
})

describe('importTitle', () => {
  it('is the file name without its extension when the content has no heading', () => {
    expect(importTitle('Meeting notes.md', 'markdown', 'Just text')).toBe('Meeting notes')
    expect(importTitle('site.v2.html', 'html', '<p>text</p>')).toBe('site.v2')
  })

  it('is null when the content has a heading of its own', () => {
    expect(importTitle('notes.md', 'markdown', '# Plan')).toBeNull()
    expect(importTitle('page.html', 'html', '<h1>Plan</h1>')).toBeNull()
  })
})
