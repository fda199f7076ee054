import type { WebsocketProvider } from 'y-websocket'
import { ABNORMAL_CLOSURE, HttpPollingSocket } from './http-polling-socket.ts'
import { afterHttpUnreachable, afterWebSocketAttempt, INITIAL_TRANSPORT_CHOICE, probeDelayMs, type TransportKind, type WebSocketOutcome } from './transport-choice.ts'

/** A probe that has not heard from the server by then failed. */
const PROBE_TIMEOUT_MS = 10_000

/**
 * Picks the wire of every connection the provider opens, by the rule in
 * transport-choice.ts: `SocketClass` is given to the provider as its WebSocket
 * class and makes a real WebSocket, watched for whether it reached the server,
 * or an HttpPollingSocket. While on HTTP it probes WebSocket in the background
 * (a socket opened and closed again once the server's first message came) and
 * calls `onWebSocketBack` when one gets through, for the connection monitor to
 * move the connection over.
 */
export class TransportSwitch {
  /** The provider's `WebSocketPolyfill`. */
  readonly SocketClass: typeof WebSocket
  private choice = INITIAL_TRANSPORT_CHOICE
  private provider: WebsocketProvider | null = null
  private probeTimer: ReturnType<typeof setTimeout> | null = null
  private probe: WebSocket | null = null
  private destroyed = false

  constructor(private readonly onWebSocketBack: () => void) {
    const create = (url: string, protocols?: string | string[]) => this.createSocket(url, protocols)
    this.SocketClass = class {
      constructor(url: string, protocols?: string | string[]) {
        return create(url, protocols)
      }
    } as unknown as typeof WebSocket
  }

  /** The wire the next connection will use. */
  get transport(): TransportKind {
    return this.choice.transport
  }

  /** The provider whose URL the probes use (with its current token) and whose socket is watched. */
  attach(provider: WebsocketProvider): void {
    this.provider = provider
  }

  destroy(): void {
    this.destroyed = true
    this.stopProbing()
  }

  private createSocket(url: string, protocols?: string | string[]): WebSocket | HttpPollingSocket {
    if (this.choice.transport === 'http') return this.createHttpSocket(url)
    const socket = new WebSocket(url, protocols)
    let reached = false
    socket.addEventListener('message', () => {
      if (reached) return
      reached = true
      this.record('reached-server')
    })
    // The provider lets go of its socket before closing it itself: only closes it did not ask for count.
    socket.addEventListener('close', () => {
      if (!reached && this.provider?.ws === socket) this.record('failed-before-server')
    })
    return socket
  }

  private createHttpSocket(url: string): HttpPollingSocket {
    const socket = new HttpPollingSocket(url)
    let opened = false
    socket.addEventListener('open', () => (opened = true))
    socket.addEventListener('close', (event) => {
      // 1006 before a session opened: no answer from the server at all.
      if (opened || this.provider?.ws !== (socket as unknown) || (event as CloseEvent).code !== ABNORMAL_CLOSURE) return
      this.choice = afterHttpUnreachable(this.choice, navigator.onLine)
      if (this.choice.transport === 'websocket') this.stopProbing()
    })
    return socket
  }

  private record(outcome: WebSocketOutcome): void {
    const wasHttp = this.choice.transport === 'http'
    this.choice = afterWebSocketAttempt(this.choice, outcome, navigator.onLine)
    if (this.choice.transport === 'http') this.scheduleProbe()
    else if (wasHttp) {
      this.stopProbing()
      this.onWebSocketBack()
    }
  }

  private scheduleProbe(): void {
    if (this.destroyed || this.probeTimer !== null || this.probe !== null) return
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null
      this.runProbe()
    }, probeDelayMs(this.choice))
  }

  private runProbe(): void {
    const provider = this.provider
    // Probing only makes sense while a connection is wanted and the network is there.
    if (!provider || !provider.shouldConnect || !navigator.onLine) {
      this.scheduleProbe()
      return
    }
    const probe = new WebSocket(provider.url)
    this.probe = probe
    let settled = false
    const settle = (outcome: WebSocketOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timeout)
      probe.onmessage = probe.onclose = probe.onerror = null
      probe.close()
      if (this.probe === probe) this.probe = null
      if (!this.destroyed) this.record(outcome)
    }
    const timeout = setTimeout(() => settle('failed-before-server'), PROBE_TIMEOUT_MS)
    probe.onmessage = () => settle('reached-server')
    probe.onclose = () => settle('failed-before-server')
    probe.onerror = () => settle('failed-before-server')
  }

  private stopProbing(): void {
    if (this.probeTimer !== null) clearTimeout(this.probeTimer)
    this.probeTimer = null
    if (this.probe) {
      this.probe.onmessage = this.probe.onclose = this.probe.onerror = null
      this.probe.close()
      this.probe = null
    }
  }
}
