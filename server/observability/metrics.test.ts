import { describe, expect, it } from 'vitest'
import { CloseCode } from '../../shared/protocol.ts'
import { closeCodeLabel, httpMethodLabel } from './metrics.ts'

describe('closeCodeLabel', () => {
  it('keeps standard and Seed close codes as they are', () => {
    expect(closeCodeLabel(1000)).toBe('1000')
    expect(closeCodeLabel(1006)).toBe('1006')
    expect(closeCodeLabel(CloseCode.slowConsumer)).toBe('4508')
  })

  it('folds any other code a peer may send into one label', () => {
    expect(closeCodeLabel(3000)).toBe('other')
    expect(closeCodeLabel(4999)).toBe('other')
  })
})

describe('httpMethodLabel', () => {
  it('keeps the methods Seed answers and folds any other token a client sends into one label', () => {
    expect(httpMethodLabel('GET')).toBe('GET')
    expect(httpMethodLabel('DELETE')).toBe('DELETE')
    expect(httpMethodLabel('PROPFIND')).toBe('other')
    expect(httpMethodLabel('get')).toBe('other')
  })
})
