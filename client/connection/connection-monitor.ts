import type { WebsocketProvider } from 'y-websocket'
import { INITIAL_CONNECTION_FACTS, type ConnectionFacts } from './connection-state.ts'
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
 */
export class ConnectionMonitor {
  private facts: ConnectionFacts
  private readonly listeners = new Set<() => void>()
  private readonly saves: SaveConfirmation
  private readonly provider: WebsocketProvider
  private retryTimer: ReturnType<typeof setTimeout> | null = null

  constructor(provider: WebsocketProvider) {
    this.provider = provider
    this.facts = { ...INITIAL_CONNECTION_FACTS, networkOnline: navigator.onLine }
    this.saves = new SaveConfirmation(provider, this.refresh)
    provider.on('status', this.refresh)
    provider.on('sync', this.handleSync)
    provider.on('connection-close', this.handleClose)
    provider.on('closed', this.handleRefusal)
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
    this.update({ refusal: null })
    if (this.facts.networkOnline) this.reconnectNow()
  }

  destroy(): void {
    this.cancelRetry()
    this.saves.destroy()
    this.provider.off('status', this.refresh)
    this.provider.off('sync', this.handleSync)
    this.provider.off('connection-close', this.handleClose)
    this.provider.off('closed', this.handleRefusal)
    window.removeEventListener('online', this.handleOnline)
    window.removeEventListener('offline', this.handleOffline)
    document.removeEventListener('visibilitychange', this.handleVisibility)
    this.listeners.clear()
  }

  private readonly refresh = (): void => {
    const { provider } = this
    const socket = provider.wsconnected ? 'open' : provider.wsconnecting ? 'connecting' : 'closed'
    this.update({
      socket,
      nextRetryAt: socket === 'closed' ? this.facts.nextRetryAt : null,
      unsavedChanges: this.saves.hasUnsavedChanges,
    })
  }

  private readonly handleSync = (synced: boolean): void => {
    // `false` also comes from our own save confirmations; only the first `true` of a connection matters here.
    if (synced && !this.facts.synced) {
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
    this.provider.connect()
  }

  private readonly handleRefusal = (event: { code: number; reason: string }): void => {
    this.cancelRetry()
    this.provider.disconnect()
    this.update({ refusal: { code: event.code, reason: event.reason }, nextRetryAt: null })
  }

  private readonly handleOffline = (): void => {
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
