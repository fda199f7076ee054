import { MIN_IMAGE_WIDTH, type ImageAlignment } from '../../shared/image-node.ts'

export interface ImageDrag {
  /** The image's width on screen when the drag began, in CSS pixels. */
  startWidth: number
  /** How far the pointer has moved to the right since then. */
  deltaX: number
  align: ImageAlignment | null
  /** The text column's width: an image is never stored wider. */
  columnWidth: number
}

/**
 * The width an image dragged by its handle gets, in whole pixels. The handle
 * sits on the edge away from the image's anchor: the right edge of a left
 * image, the left edge of a right image (dragging left widens it). A centred
 * image grows on both sides, so its edge follows the pointer at twice the rate.
 */
export function draggedWidth({ startWidth, deltaX, align, columnWidth }: ImageDrag): number {
  const growth = align === 'right' ? -deltaX : align === 'center' ? 2 * deltaX : deltaX
  const widest = Math.max(MIN_IMAGE_WIDTH, Math.floor(columnWidth))
  return Math.min(widest, Math.max(MIN_IMAGE_WIDTH, Math.round(startWidth + growth)))
}
