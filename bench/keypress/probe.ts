/**
 * In-page timestamps for bench/keypress-latency.ts, installed with
 * addInitScript before any page script runs. Every stamp is
 * performance.timeOrigin + performance.now(): pages of one browser on one
 * machine share that clock to well under a millisecond, so a sender's stamp
 * and a receiver's stamp can be subtracted.
 *
 * - keydown: the sender's keydown, captured on window before the editor sees it;
 * - sent: every sync message (first byte 0) the page hands to a WebSocket;
 * - received: every sync message a WebSocket delivers, stamped before the
 *   page's own handler runs;
 * - rendered: the first time the editor's text (carets left out) reaches a
 *   length, from a MutationObserver (DOM changed; the paint follows within a frame).
 */
export interface ProbeStamps {
  keydown: number[]
  sent: number[]
  received: number[]
  /** rendered[n] = when the editor's text first held n characters. */
  rendered: Record<number, number>
}

declare global {
  interface Window {
    keypressProbe: ProbeStamps
    /** Starts the MutationObserver on the editor; call once the editor is on the page. */
    keypressWatchEditor: (editorSelector: string, caretSelector: string) => void
  }
}

/** Serialized by Playwright into the page: self-contained, no imports. */
export function installProbe(): void {
  const stamps: ProbeStamps = { keydown: [], sent: [], received: [], rendered: {} }
  const now = (): number => performance.timeOrigin + performance.now()
  window.keypressProbe = stamps
  window.addEventListener('keydown', () => stamps.keydown.push(now()), { capture: true })

  const isSyncMessage = (data: unknown): boolean =>
    (data instanceof ArrayBuffer && data.byteLength > 0 && new Uint8Array(data)[0] === 0) ||
    (ArrayBuffer.isView(data) && data.byteLength > 0 && new Uint8Array(data.buffer, data.byteOffset, 1)[0] === 0)

  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (this: WebSocket, data) {
    if (isSyncMessage(data)) stamps.sent.push(now())
    send.call(this, data)
  }
  // y-websocket assigns onmessage: stamp in front of the handler it sets.
  const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')
  if (onmessage?.set && onmessage.get) {
    const { get, set } = onmessage
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      configurable: true,
      get,
      set(this: WebSocket, handler: ((event: MessageEvent) => void) | null) {
        set.call(
          this,
          handler === null
            ? null
            : (event: MessageEvent) => {
                if (isSyncMessage(event.data)) stamps.received.push(now())
                handler.call(this, event)
              },
        )
      },
    })
  }

  window.keypressWatchEditor = (editorSelector, caretSelector) => {
    const editor = document.querySelector(editorSelector)
    if (!editor) throw new Error(`no ${editorSelector} on the page`)
    const textLength = (): number => {
      let length = 0
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement?.closest(caretSelector)) length += node.textContent?.length ?? 0
      }
      return length
    }
    const record = (): void => {
      const length = textLength()
      stamps.rendered[length] ??= now()
    }
    record()
    new MutationObserver(record).observe(editor, { subtree: true, childList: true, characterData: true })
  }
}
