import type { Editor } from '@tiptap/core'
import type { Awareness } from 'y-protocols/awareness'
import { caretPosition } from './caret-position.ts'

/** Why following stopped: you scrolled, you typed or clicked in the document, they left, the connection dropped, or you pressed Stop. */
export type FollowEnd = 'scrolled' | 'edited' | 'left' | 'disconnected' | 'stopped'

export type FollowState =
  | { kind: 'idle' }
  /** The last jump: `found` is false when they have no caret to go to. */
  | { kind: 'jumped'; clientId: number; found: boolean }
  | { kind: 'following'; clientId: number }
  | { kind: 'ended'; clientId: number; reason: FollowEnd }

/** Keys that scroll the page when the document does not have focus. */
const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' '])

/** Their caret is kept inside the middle of the view, this share of its height away from either edge (the toolbar sits on top). */
const COMFORT_MARGIN = 0.2

function scrollContainerOf(element: HTMLElement): HTMLElement {
  for (let node = element.parentElement; node; node = node.parentElement) {
    const { overflowY } = getComputedStyle(node)
    if (overflowY === 'auto' || overflowY === 'scroll') return node
  }
  return document.scrollingElement as HTMLElement
}

/**
 * Jump to another person's caret, and follow it: while following, their caret is
 * scrolled back into view whenever it moves or the text around it changes, until
 * you scroll, type or click in the document yourself (what you do wins), they
 * leave, or the connection drops. Scrolls are instant: no animation to sit through,
 * and nothing to tell apart from a scroll of your own.
 */
export class CaretFollower {
  private state: FollowState = { kind: 'idle' }
  private readonly listeners = new Set<() => void>()
  private frame: number | null = null

  constructor(
    private readonly editor: Editor,
    private readonly awareness: Awareness,
    /** Whether the awareness states are current (someone gone from them while disconnected has not left). */
    private readonly connected: () => boolean,
  ) {
    awareness.on('change', this.handleAwareness)
    editor.on('update', this.scheduleKeepInView)
    window.addEventListener('wheel', this.handleScrollIntent, { capture: true, passive: true })
    window.addEventListener('touchmove', this.handleScrollIntent, { capture: true, passive: true })
    window.addEventListener('pointerdown', this.handlePointerDown, { capture: true })
    window.addEventListener('keydown', this.handleKeyDown, { capture: true })
  }

  /** Looked up when needed: the editor's element is placed in the page after the editor is created. */
  private get container(): HTMLElement {
    return scrollContainerOf(this.editor.view.dom)
  }

  readonly getState = (): FollowState => this.state

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Scrolls their caret to the middle of the view; following someone else stops. */
  readonly jumpTo = (clientId: number): void => {
    const found = this.reveal(clientId, true)
    this.set({ kind: 'jumped', clientId, found })
  }

  readonly follow = (clientId: number): void => {
    if (!this.reveal(clientId, true)) {
      this.set({ kind: 'jumped', clientId, found: false })
      return
    }
    this.set({ kind: 'following', clientId })
  }

  readonly stop = (reason: FollowEnd = 'stopped'): void => {
    if (this.state.kind === 'following') this.set({ kind: 'ended', clientId: this.state.clientId, reason })
  }

  readonly dismiss = (): void => this.set({ kind: 'idle' })

  destroy(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.awareness.off('change', this.handleAwareness)
    this.editor.off('update', this.scheduleKeepInView)
    window.removeEventListener('wheel', this.handleScrollIntent, { capture: true })
    window.removeEventListener('touchmove', this.handleScrollIntent, { capture: true })
    window.removeEventListener('pointerdown', this.handlePointerDown, { capture: true })
    window.removeEventListener('keydown', this.handleKeyDown, { capture: true })
    this.listeners.clear()
  }

  /** Scrolls so that their caret is in view (to the middle when `center`, else only if it left the comfortable band). */
  private reveal(clientId: number, center: boolean): boolean {
    const { view } = this.editor
    const position = caretPosition(view.state, this.awareness.getStates().get(clientId)?.cursor)
    if (position === null) return false
    const caret = view.coordsAtPos(position)
    const { container } = this
    const box = container === document.scrollingElement ? { top: 0, height: window.innerHeight } : container.getBoundingClientRect()
    const margin = box.height * COMFORT_MARGIN
    const outside = caret.top < box.top + margin || caret.bottom > box.top + box.height - margin
    if (center || outside) container.scrollTop += (caret.top + caret.bottom) / 2 - (box.top + box.height / 2)
    return true
  }

  private readonly scheduleKeepInView = (): void => {
    if (this.state.kind !== 'following' || this.frame !== null) return
    // After the editor has drawn the change that moved them.
    this.frame = requestAnimationFrame(() => {
      this.frame = null
      if (this.state.kind === 'following') this.reveal(this.state.clientId, false)
    })
  }

  private readonly handleAwareness = ({ removed }: { removed: number[] }): void => {
    if (this.state.kind !== 'following') return
    if (removed.includes(this.state.clientId)) this.stop(this.connected() ? 'left' : 'disconnected')
    else this.scheduleKeepInView()
  }

  private readonly handleScrollIntent = (event: Event): void => {
    if (this.state.kind === 'following' && this.container.contains(event.target as Node)) this.stop('scrolled')
  }

  private readonly handlePointerDown = (event: PointerEvent): void => {
    if (this.state.kind !== 'following') return
    // On the container itself is its scrollbar; inside the document moves your own caret.
    if (event.target === this.container) this.stop('scrolled')
    else if (this.editor.view.dom.contains(event.target as Node)) this.stop('edited')
  }

  private readonly handleKeyDown = (event: KeyboardEvent): void => {
    if (this.state.kind !== 'following') return
    if (this.editor.view.dom.contains(event.target as Node)) this.stop('edited')
    else if (SCROLL_KEYS.has(event.key) && (event.target === document.body || event.target === this.container)) this.stop('scrolled')
  }

  private set(state: FollowState): void {
    this.state = state
    for (const listener of this.listeners) listener()
  }
}
