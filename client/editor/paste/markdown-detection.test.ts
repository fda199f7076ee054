import { describe, expect, it } from 'vitest'
import { looksLikeMarkdown } from './markdown-detection.ts'

describe('looksLikeMarkdown', () => {
  it.each([
    ['a heading', '# Plans\n\nSome text'],
    ['a deeper heading', '### Notes'],
    ['a bulleted list', 'Shopping:\n- milk\n- bread'],
    ['a list with stars', '* one\n* two'],
    ['a task list', '- [ ] write\n- [x] read'],
    ['a numbered list', '1. Preheat\n2. Bake'],
    ['a quote', '> To be or not to be'],
    ['a fence', '```js\nconst x = 1\n```'],
    ['a table', '| Item | Cost |\n| --- | ---: |\n| Paper | 12 |'],
    ['a table without outer pipes', 'Item | Cost\n---|---\nPaper | 12'],
    ['a link', 'See [the docs](https://example.com/docs) for more.'],
    ['bold', 'This is **important** to know.'],
    ['inline code', 'Run `npm test` first.'],
    ['strikethrough', 'It costs ~~10~~ 8 euros.'],
  ])('recognizes %s', (_name, text) => {
    expect(looksLikeMarkdown(text)).toBe(true)
  })

  it.each([
    ['plain prose', 'We met on Tuesday and agreed on the plan.\nNext steps follow.'],
    ['a stray star', 'The price is 5 * 3 euros, see note*'],
    ['a multiplication', '2*3*4 = 24'],
    ['stars with spaces inside', 'a ** b ** c'],
    ['a hashtag', '#launch went well'],
    ['a dash in prose', 'It was late - very late.'],
    ['a year with a full stop', 'In 2019.'],
    ['square brackets without a link', 'Choose [yes] or [no] (then press OK)'],
    ['a bare address', 'https://example.com/a_b_c'],
    ['a lone pipe', 'left | right'],
    ['an email quote marker inside a line', 'I said > that'],
    ['empty text', ''],
  ])('leaves %s alone', (_name, text) => {
    expect(looksLikeMarkdown(text)).toBe(false)
  })
})
