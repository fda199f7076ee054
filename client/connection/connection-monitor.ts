import * as authProtocol from 'y-protocols/auth'
import type { WebsocketProvider } from 'y-websocket'
import { CloseCode, MessageType } from '../../shared/protocol.ts'
import { INITIAL_CONNECTION_FACTS, type ConnectionFacts } from './connection-state.ts'
import { HttpPollingSocket } from './http-polling-socket.ts'
import { reconnectDelayMs } from './reconnect-backoff.ts'
import { SaveConfirmation } from './save-confirmation.ts'

/**
 * Gathers the facts behind the connection status from the provider, the browser's
 * network events and the save tracker, and drives the provider where y-websocket
 * does not: it has no online/offline handling, an open socket is not closed by
 * the browser when the network goes away (the provider would notice only after 30 s),
 * and its reconnect backoff has no jitter and ignores "slow down" closes. So we own
 * the reconnect schedule: after a close we stop the provider's own retry and
 * reconnect on our timer, at once when the network returns or the tab is shown.
 * Before each reconnect an optional check runs (the access check: a fresh token,
 * and whether the server still lets us in). A token that expired mid-session (4401
 * or the server's auth message) gets one immediate renewal through that check, so
 * an embedding application's fresh token takes over without the user noticing; a
 * refusal from the check, a 4403, or a second expiry before the renewed connection
 * synced stops reconnecting until the user presses Try again. Which wire a
 * connection uses (WebSocket, or the HTTP fallback) is the TransportSwitch's
 * choice; the monitor reports it and moves a connection back to WebSocket.
 */

/** A refusal found before connecting; null lets the attempt go ahead. Must not reject. */
export type BeforeConnect = () => Promise<{ code: number; reason: string } | null>
export class ConnectionMonitor {
  private facts: ConnectionFacts
  private readonly listeners = new Set<() => void>()
  private readonly saves: SaveConfirmation
  private readonly provider: WebsocketProvider
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private readonly beforeConnect: BeforeConnect | null
  /** Bumped by everything that supersedes a connection attempt whose check is still running. */
  private attempt = 0
  /** An expired token was renewed and the new connection has not synced yet: do not renew again. */
  private renewing = false

  constructor(provider: WebsocketProvider, beforeConnect: BeforeConnect | null = null) {
    this.provider = provider
    this.beforeConnect = beforeConnect
    // y-websocket only logs the auth message; for us it is a refusal (a token that expired mid-session).
    provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, provider.doc, (_doc, reason) => this.handleServerRefusal({ code: CloseCode.unauthorized, reason }))
    }
    this.facts = { ...INITIAL_CONNECTION_FACTS, networkOnline: navigator.onLine }
    this.saves = new SaveConfirmation(provider, this.refresh)
    provider.on('status', this.refresh)
    provider.on('sync', this.handleSync)
    provider.on('connection-close', this.handleClose)
    provider.on('closed', this.handleServerRefusal)
    window.addEventListener('online', this.handleOnline)
    window.addEventListener('offline', this.handleOffline)
    document.addEventListener('visibilitychange', this.handleVisibility)
    this.refresh()
  }

  readonly getFacts = (): ConnectionFacts => this.facts

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The user's "Try again": forget a refusal and connect now instead of waiting for the backoff. */
  readonly retry = (): void => {
    this.renewing = false
    this.update({ refusal: null })
    if (this.facts.networkOnline) this.reconnectNow()
  }

  /** WebSocket works again (a background probe got through): leave the HTTP session and reconnect over it. */
  readonly reconnectOverWebSocket = (): void => {
    if (this.facts.refusal || !this.facts.networkOnline || !this.provider.shouldConnect) return
    this.provider.disconnect()
    this.reconnectNow()
  }

  destroy(): void {
    this.attempt++
    this.cancelRetry()
    this.saves.destroy()
    this.provider.off('status', this.refresh)
    this.provider.off('sync', this.handleSync)
    this.provider.off('connection-close', this.handleClose)
    this.provider.off('closed', this.handleServerRefusal)
    window.removeEventListener('online', this.handleOnline)
    window.removeEventListener('offline', this.handleOffline)
    document.removeEventListener('visibilitychange', this.handleVisibility)
    this.listeners.clear()
  }

  private readonly refresh = (): void => {
    const { provider } = this
    const socket = provider.wsconnected ? 'open' : provider.wsconnecting ? 'connecting' : 'closed'
    const current = provider.ws
    this.update({
      socket,
      transport: current === null ? this.facts.transport : current instanceof HttpPollingSocket ? 'http' : 'websocket',
      nextRetryAt: socket === 'closed' ? this.facts.nextRetryAt : null,
      unsavedChanges: this.saves.hasUnsavedChanges,
    })
  }

  private readonly handleSync = (synced: boolean): void => {
    // `false` also comes from our own save confirmations; only the first `true` of a connection matters here.
    if (synced && !this.facts.synced) {
      this.renewing = false
      this.update({ synced: true, failedAttempts: 0, lastCloseCode: null })
    }
    this.refresh()
  }

  private readonly handleClose = (event: CloseEvent | null): void => {
    // A null event is our own disconnect(), or the provider's 30 s silence watchdog, which does retry.
    const failed = event !== null || this.provider.shouldConnect
    const lastCloseCode = event ? event.code : this.facts.lastCloseCode
    const failedAttempts = failed ? this.facts.failedAttempts + 1 : this.facts.failedAttempts
    this.update({ synced: false, failedAttempts, lastCloseCode })
    // The provider emits this before it decides whether to retry (the 'closed' refusal
    // event comes after), so look once it has finished handling the close.
    queueMicrotask(() => {
      if (this.provider.shouldConnect) {
        // Stop the provider's own retry; ours has jitter and honours "slow down".
        this.provider.disconnect()
        this.scheduleRetry(reconnectDelayMs(failedAttempts, lastCloseCode, Math.random()))
      }
      this.refresh()
    })
  }

  private scheduleRetry(delayMs: number): void {
    this.cancelRetry()
    this.retryTimer = setTimeout(this.reconnectNow, delayMs)
    this.update({ nextRetryAt: Date.now() + delayMs })
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
  }

  private readonly reconnectNow = (): void => {
    this.cancelRetry()
    this.update({ nextRetryAt: null })
    const attempt = ++this.attempt
    if (this.beforeConnect === null) {
      this.provider.connect()
      return
    }
    void this.beforeConnect().then((refusal) => {
      if (attempt !== this.attempt) return
      if (refusal) this.handleRefusal(refusal)
      else this.provider.connect()
    })
  }

  private readonly handleServerRefusal = (event: { code: number; reason: string }): void => {
    if (event.code !== CloseCode.unauthorized || this.beforeConnect === null || this.renewing) {
      this.handleRefusal(event)
      return
    }
    this.renewing = true
    this.provider.disconnect()
    this.reconnectNow()
  }

  private readonly handleRefusal = (event: { code: number; reason: string }): void => {
    this.attempt++
    this.cancelRetry()
    this.provider.disconnect()
    this.update({ refusal: { code: event.code, reason: event.reason }, nextRetryAt: null })
  }

  private readonly handleOffline = (): void => {
    this.attempt++
    this.cancelRetry()
    this.update({ networkOnline: false, nextRetryAt: null })
    this.provider.disconnect()
  }

  private readonly handleOnline = (): void => {
    this.update({ networkOnline: true, failedAttempts: 0, lastCloseCode: null })
    if (!this.facts.refusal) this.reconnectNow()
  }

  /** A tab that comes back into view should not sit out the rest of a long backoff. */
  private readonly handleVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.retryTimer !== null && this.facts.networkOnline) this.reconnectNow()
  }

  private update(changes: Partial<ConnectionFacts>): void {
    const next = { ...this.facts, ...changes }
    const keys = Object.keys(changes) as (keyof ConnectionFacts)[]
    if (keys.every((key) => Object.is(next[key], this.facts[key]))) return
    this.facts = next
    for (const listener of this.listeners) listener()
  }
}
