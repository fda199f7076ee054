import { common } from 'lowlight'
import { describe, expect, it } from 'vitest'
import { CODE_LANGUAGES, pickerLanguages } from './code-languages.ts'

describe('code languages', () => {
  it('offers only languages the highlighter knows', () => {
    expect(CODE_LANGUAGES.map(({ id }) => id).filter((id) => !(id in common))).toEqual([])
  })

  it('keeps a language the picker does not offer, so the picker shows it', () => {
    expect(pickerLanguages('typescript')).toBe(CODE_LANGUAGES)
    expect(pickerLanguages(null)).toBe(CODE_LANGUAGES)
    expect(pickerLanguages('haskell').at(-1)).toEqual({ id: 'haskell', label: 'haskell' })
  })
})
