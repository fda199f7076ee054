import { once } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import type { Reservation } from '../session/session-hub.ts'
import { PendingHandshake } from './pending-handshake.ts'

const LONG_MS = 60_000

/** A reservation that counts how often it was given back. */
function countingReservation(): Reservation & { releases: number } {
  const reservation = { roomId: 'notes', clientAddress: '10.0.0.1', releases: 0, release: () => (reservation.releases += 1) }
  return reservation
}

describe('PendingHandshake', () => {
  it('gives the slots back once when the socket closes before the handshake completes', async () => {
    const socket = new PassThrough()
    const reservation = countingReservation()
    const pending = new PendingHandshake(socket, reservation, LONG_MS)
    socket.destroy()
    await once(socket, 'close')
    expect(reservation.releases).toBe(1)
    expect(pending.handOver()).toBe(false)
    expect(reservation.releases).toBe(1)
  })

  it('gives the slots back at once for a socket that closed while admission ran', () => {
    const socket = new PassThrough()
    socket.destroy()
    const reservation = countingReservation()
    expect(new PendingHandshake(socket, reservation, LONG_MS).handOver()).toBe(false)
    expect(reservation.releases).toBe(1)
  })

  it('destroys the socket and gives the slots back once when the handshake takes too long', async () => {
    const socket = new PassThrough()
    const reservation = countingReservation()
    const pending = new PendingHandshake(socket, reservation, 1)
    await once(socket, 'close')
    expect(socket.destroyed).toBe(true)
    expect(reservation.releases).toBe(1)
    expect(pending.handOver()).toBe(false)
  })

  it('leaves the slots to the session once handed over, whatever the socket does next', async () => {
    const socket = new PassThrough()
    const reservation = countingReservation()
    const pending = new PendingHandshake(socket, reservation, LONG_MS)
    expect(pending.handOver()).toBe(true)
    expect(pending.handOver()).toBe(false)
    socket.destroy()
    await once(socket, 'close')
    expect(reservation.releases).toBe(0)
  })
})
