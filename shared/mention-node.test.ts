import { generateHTML } from '@tiptap/html/server'
import { describe, expect, it } from 'vitest'
import { documentExtensions } from './document-schema.ts'

const mentioning = (attrs: Record<string, unknown>) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs }] }] })

describe('the mention node', () => {
  it('draws the name on the person’s colour, with a text colour that reads on it', () => {
    expect(generateHTML(mentioning({ id: 'grace-0000001', label: 'Grace', color: '#fde047' }), documentExtensions)).toContain(
      'data-color="#fde047" style="background-color: #fde047; color: #111827;">@Grace</span>',
    )
  })

  it('writes no style from a colour that is not #rrggbb, whoever stored it', () => {
    const html = generateHTML(mentioning({ id: 'grace-0000001', label: 'Grace', color: 'red;background:url(https://t.example)' }), documentExtensions)
    expect(html).not.toMatch(/style|background|data-color/)
    expect(html).toContain('>@Grace</span>')
  })
})
