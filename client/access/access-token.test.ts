import { describe, expect, it } from 'vitest'
import { capabilityLink, readFragmentToken } from './access-token.ts'

describe('readFragmentToken', () => {
  it('reads the token from the fragment, with or without the #', () => {
    expect(readFragmentToken('#token=abc.DEF-123_x')).toBe('abc.DEF-123_x')
    expect(readFragmentToken('token=abc')).toBe('abc')
  })

  it('finds it among other fragment parameters and decodes it', () => {
    expect(readFragmentToken('#a=1&token=a%2Bb&c=2')).toBe('a+b')
  })

  it('is null when there is no token or it is empty', () => {
    expect(readFragmentToken('')).toBeNull()
    expect(readFragmentToken('#')).toBeNull()
    expect(readFragmentToken('#token=')).toBeNull()
    expect(readFragmentToken('#heading-2')).toBeNull()
  })
})

describe('capabilityLink', () => {
  it('puts the token in the fragment, where readFragmentToken finds it again', () => {
    const link = capabilityLink('https://seed.example', 'Room_1', 'eyJ.a+b/c=')
    expect(link.startsWith('https://seed.example/r/Room_1#token=')).toBe(true)
    expect(readFragmentToken(new URL(link).hash)).toBe('eyJ.a+b/c=')
  })
})
