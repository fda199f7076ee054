/** Room kept between the caret and a bar, about a line: the text around the caret shows too. */
export const CARET_BREATHING_ROOM_PX = 24

/** ProseMirror's own margin, kept at the sides (a code block scrolling sideways needs no more). */
const SIDE_MARGIN_PX = 5

/** What the caret-clearance needs of one of the editor's bars: how it is positioned (computed style) and how tall it is. */
export interface BarBox {
  position: string
  /** The computed `top` and `bottom`: 'auto' unless the bar sticks to that edge. */
  top: string
  bottom: string
  height: number
}

/** ProseMirror's scrollMargin / scrollThreshold: how close the caret may come to each edge of the scrolling document. */
export interface ScrollClearance {
  top: number
  bottom: number
  left: number
  right: number
}

/**
 * How far from the scrolling document's edges the caret is kept: past the bars
 * that stick to the top (toolbar, find bar) and to the bottom (status bar) and
 * so cover the text scrolling under them, plus breathing room. Bars in the flow
 * of the page cover nothing.
 */
export function caretClearance(bars: readonly BarBox[]): ScrollClearance {
  const covering = (edge: 'top' | 'bottom'): number =>
    bars.filter((bar) => bar.position === 'sticky' && bar[edge] !== 'auto').reduce((sum, bar) => sum + bar.height, 0)
  return {
    top: covering('top') + CARET_BREATHING_ROOM_PX,
    bottom: covering('bottom') + CARET_BREATHING_ROOM_PX,
    left: SIDE_MARGIN_PX,
    right: SIDE_MARGIN_PX,
  }
}
