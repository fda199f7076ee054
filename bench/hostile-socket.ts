/**
 * A raw `ws` client for one hostile connection of bench/hostile.ts. It joins
 * its room as any client does (sync step 1; with Hocuspocus, after an Auth
 * frame) and knows it is in once the server answers with sync step 2: only then
 * does a bad frame reach the document on every server (Hocuspocus queues a
 * document's frames until it has loaded it). It records how the server ended
 * the connection: the HTTP status of a refused upgrade, the close code and
 * reason, or (on Hocuspocus) a document close message on a socket left open.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import { WebSocket } from 'ws'
import type { Framing } from './hostile-framing.ts'

export type Handshake = { type: 'open'; localPort: number } | { type: 'refused'; status: number; body: string } | { type: 'error'; message: string }

export interface Closed {
  code: number
  reason: string
  /** performance.now() when it was seen. */
  at: number
}

export interface DocumentClosed {
  reason: string
  at: number
}

/** Refusal bodies are cut to this many characters: enough to show what the server said. */
const BODY_CHARS = 120

export class HostileSocket {
  readonly socket: WebSocket
  readonly handshake: Promise<Handshake>
  /** The server answered our sync step 1: the room is loaded and this connection is in it. */
  readonly joined: Promise<void>
  readonly closed: Promise<Closed>
  /** Set once `closed` resolved, for a synchronous look. */
  closedWith: Closed | null = null
  documentClosed: DocumentClosed | null = null
  private readonly documentClosedOnce: Promise<DocumentClosed>

  constructor(framing: Framing, room: string) {
    const socket = new WebSocket(framing.url(room))
    this.socket = socket
    socket.on('error', () => undefined)
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString(), at: performance.now() }
        resolve(this.closedWith)
      }),
    )
    // Listening before 'open': the server's first frames can arrive with the upgrade response.
    this.joined = new Promise((resolve) => {
      const onMessage = (data: Buffer) => {
        if (!framing.isSyncStep2(data)) return
        socket.off('message', onMessage)
        resolve()
      }
      socket.on('message', onMessage)
    })
    this.documentClosedOnce = new Promise((resolve) =>
      socket.on('message', (data: Buffer) => {
        const reason = this.documentClosed === null ? framing.documentCloseReason(data) : null
        if (reason === null) return
        this.documentClosed = { reason, at: performance.now() }
        resolve(this.documentClosed)
      }),
    )
    this.handshake = new Promise((resolve) => {
      socket.once('upgrade', (response: IncomingMessage) => resolve({ type: 'open', localPort: response.socket.localPort ?? 0 }))
      socket.once('unexpected-response', (request: ClientRequest, response: IncomingMessage) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk.toString()))
        response.on('end', () => {
          resolve({ type: 'refused', status: response.statusCode ?? 0, body: body.slice(0, BODY_CHARS) })
          request.destroy()
        })
      })
      socket.once('error', (error) => resolve({ type: 'error', message: error.message }))
    })
    socket.once('open', () => {
      for (const frame of framing.join(room)) socket.send(frame)
    })
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Resolves with whichever comes first: the socket closed, the room closed by a message, or `ms` passed (null). */
  async endWithin(ms: number): Promise<{ closed: Closed } | { documentClosed: DocumentClosed } | null> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)))
    try {
      return await Promise.race([this.closed.then((closed) => ({ closed })), this.documentClosedOnce.then((documentClosed) => ({ documentClosed })), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Ends the socket without a handshake: what a vanished client does. */
  terminate(): void {
    this.socket.terminate()
  }
}

