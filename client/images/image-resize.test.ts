import { describe, expect, it } from 'vitest'
import { MIN_IMAGE_WIDTH } from '../../shared/image-node.ts'
import { draggedWidth } from './image-resize.ts'

describe('draggedWidth', () => {
  const drag = { startWidth: 300, columnWidth: 700 }

  it('follows the pointer on the right edge of a left image, and of one with no alignment', () => {
    expect(draggedWidth({ ...drag, deltaX: 50, align: 'left' })).toBe(350)
    expect(draggedWidth({ ...drag, deltaX: -100.4, align: null })).toBe(200)
  })

  it('widens a right image when its left-edge handle moves left', () => {
    expect(draggedWidth({ ...drag, deltaX: -60, align: 'right' })).toBe(360)
  })

  it('grows a centred image on both sides', () => {
    expect(draggedWidth({ ...drag, deltaX: 40, align: 'center' })).toBe(380)
  })

  it('stays between the narrowest width and the column', () => {
    expect(draggedWidth({ ...drag, deltaX: -1000, align: null })).toBe(MIN_IMAGE_WIDTH)
    expect(draggedWidth({ ...drag, deltaX: 1000, align: null })).toBe(700)
    expect(draggedWidth({ startWidth: 100, columnWidth: 20, deltaX: 0, align: null })).toBe(MIN_IMAGE_WIDTH)
  })
})
