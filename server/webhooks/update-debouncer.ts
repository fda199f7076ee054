/**
 * Turns a document's stream of durable batches into document.updated events:
 * one once the document was left alone for `debounceMs`, and at least one
 * every `maxWaitMs` while editing goes on. Each event reports the highest
 * seq, the title and size after its last batch, and everyone who wrote since
 * the previous event.
 *
 * A window opens with the first batch after a quiet spell (`onOpen`: the
 * caller makes it durable at once, so a crash loses no event) and closes at
 * its due time (`onDue`: the caller sends it). Batches in between only change
 * memory. Time is Date.now and setTimeout, so tests drive it with fake timers.
 */
import { randomUUID } from 'node:crypto'
import type { Writer } from '../storage/document-store.ts'
import { mergeWriters, type DocumentUpdatedData } from './webhook-event.ts'

/** What one durable batch changed. */
export interface DocumentChange {
  readonly seq: number
  readonly writers: readonly Writer[]
  readonly title: string
  readonly bytes: number
}

export interface UpdateWindow {
  readonly room: string
  /** The event the window becomes. */
  readonly eventId: string
  readonly openedAt: number
  /** When the last batch in it arrived: the event's timestamp. */
  readonly lastChangeAt: number
  readonly data: DocumentUpdatedData
}

export interface UpdateDebouncerOptions {
  debounceMs: number
  maxWaitMs: number
  /** A window opened (it holds its first batch). */
  onOpen: (window: UpdateWindow) => void
  /** A window closed: send its event. */
  onDue: (window: UpdateWindow) => void
}

interface OpenWindow {
  window: UpdateWindow
  timer: NodeJS.Timeout
}

/** When a window closes: quiet for debounceMs after its last change, or maxWaitMs after it opened. */
export function windowDueAt(window: Pick<UpdateWindow, 'openedAt' | 'lastChangeAt'>, settings: { debounceMs: number; maxWaitMs: number }): number {
  return Math.min(window.lastChangeAt + settings.debounceMs, window.openedAt + settings.maxWaitMs)
}

export class UpdateDebouncer {
  private readonly open = new Map<string, OpenWindow>()

  constructor(private readonly options: UpdateDebouncerOptions) {}

  /** A batch of `room` is durable. */
  change(room: string, change: DocumentChange): void {
    const now = Date.now()
    const current = this.open.get(room)
    if (current) {
      const { window } = current
      current.window = {
        ...window,
        lastChangeAt: now,
        data: {
          id: room,
          title: change.title,
          seq: Math.max(window.data.seq, change.seq),
          writers: mergeWriters(window.data.writers, change.writers),
          bytes: change.bytes,
        },
      }
      return
    }
    const window: UpdateWindow = { room, eventId: randomUUID(), openedAt: now, lastChangeAt: now, data: { id: room, ...change, writers: mergeWriters([], change.writers) } }
    this.open.set(room, { window, timer: this.schedule(room, this.options.debounceMs) })
    this.options.onOpen(window)
  }

  /** Closes the room's window now, if one is open (the room is deleted or leaves memory). */
  flush(room: string): void {
    const current = this.open.get(room)
    if (!current) return
    clearTimeout(current.timer)
    this.open.delete(room)
    this.options.onDue(current.window)
  }

  /** Closes every open window now (shutdown). */
  flushAll(): void {
    for (const room of [...this.open.keys()]) this.flush(room)
  }

  /** Checks the window after `delayMs`; the batches since may have moved its due time later. */
  private schedule(room: string, delayMs: number): NodeJS.Timeout {
    return setTimeout(() => {
      const current = this.open.get(room)
      if (!current) return
      const remaining = windowDueAt(current.window, this.options) - Date.now()
      if (remaining > 0) current.timer = this.schedule(room, remaining)
      else this.flush(room)
    }, delayMs)
  }
}
