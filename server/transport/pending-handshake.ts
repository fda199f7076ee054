/**
 * Owns an admitted client's reservation (its per-address and per-room slots)
 * from admission until `ws` hands over the upgraded socket. `ws` calls back
 * only when the handshake completes: when it refuses the request, finds the
 * socket half-closed, or the socket fails, it just ends or destroys the
 * socket. So the slots are given back when the socket closes or the
 * handshake takes longer than `timeoutMs` (then the socket is destroyed too),
 * and never after `handOver`, when the session owns them: exactly one of
 * the two happens, once.
 */
import type { Duplex } from 'node:stream'
import type { Reservation } from '../session/session-hub.ts'

export class PendingHandshake {
  private settled = false
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly socket: Duplex,
    private readonly reservation: Reservation,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => {
      this.abandon()
      socket.destroy()
    }, timeoutMs)
    this.timer.unref()
    socket.once('close', this.abandon)
    if (socket.destroyed) this.abandon()
  }

  /** The session takes the reservation over; false (and nothing to take) when it was already given back. */
  handOver(): boolean {
    if (this.settled) return false
    this.settle()
    return true
  }

  private readonly abandon = (): void => {
    if (this.settled) return
    this.settle()
    this.reservation.release()
  }

  private settle(): void {
    this.settled = true
    clearTimeout(this.timer)
    this.socket.off('close', this.abandon)
  }
}
