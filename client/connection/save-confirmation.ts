import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import { MessageType } from '../../shared/protocol.ts'

/** Waits for a pause in typing so that a burst of keystrokes costs one round trip. */
const CONFIRM_DEBOUNCE_MS = 300

/**
 * Knows whether the server has durably stored every local change.
 *
 * The server answers a sync step 1 only after everything it received before it is
 * stored, and the provider flips `synced` to true when that answer arrives. So after
 * local changes we set `synced = false` and send a step 1: the next `sync` event is
 * the server's receipt. Changes loaded from IndexedDB count as local, since they may
 * have been made offline in an earlier visit.
 */
export class SaveConfirmation {
  private localChanges = 0
  private confirmedUpTo = 0
  /** The change count covered by the step 1 in flight, or null when none is. */
  private awaiting: number | null = null
  private connectionSynced = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly onChange: () => void
  private readonly provider: WebsocketProvider

  constructor(provider: WebsocketProvider, onChange: () => void) {
    this.provider = provider
    this.onChange = onChange
    provider.doc.on('update', this.handleDocUpdate)
    provider.on('sync', this.handleSync)
    provider.on('connection-close', this.handleClose)
  }

  get hasUnsavedChanges(): boolean {
    return this.confirmedUpTo < this.localChanges
  }

  destroy(): void {
    this.clearTimer()
    this.provider.doc.off('update', this.handleDocUpdate)
    this.provider.off('sync', this.handleSync)
    this.provider.off('connection-close', this.handleClose)
  }

  private readonly handleDocUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) return
    const wasSaved = !this.hasUnsavedChanges
    this.localChanges++
    this.clearTimer()
    this.timer = setTimeout(this.requestConfirmation, CONFIRM_DEBOUNCE_MS)
    if (wasSaved) this.onChange()
  }

  private readonly handleSync = (synced: boolean): void => {
    if (!synced) return
    if (this.awaiting === null) {
      // The connection's own first sync: it does not cover changes we send in reply to the server's step 1.
      this.connectionSynced = true
      if (this.hasUnsavedChanges && this.timer === null) this.requestConfirmation()
      return
    }
    const wasSaving = this.hasUnsavedChanges
    this.confirmedUpTo = this.awaiting
    this.awaiting = null
    if (this.hasUnsavedChanges) {
      if (this.timer === null) this.requestConfirmation()
    } else if (wasSaving) {
      this.onChange()
    }
  }

  private readonly handleClose = (): void => {
    this.connectionSynced = false
    this.awaiting = null
  }

  private readonly requestConfirmation = (): void => {
    this.timer = null
    if (!this.hasUnsavedChanges || this.awaiting !== null || !this.connectionSynced) return
    const socket = this.provider.ws
    if (!this.provider.wsconnected || socket === null || socket.readyState !== socket.OPEN) return
    this.awaiting = this.localChanges
    this.provider.synced = false
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MessageType.sync)
    syncProtocol.writeSyncStep1(encoder, this.provider.doc)
    socket.send(encoding.toUint8Array(encoder))
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }
}
