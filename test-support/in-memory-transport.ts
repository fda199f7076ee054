/**
 * A Transport that is not a WebSocket: an in-memory pair, the server end a
 * Session runs on and a peer end a test drives. It proves that a new
 * transport plugs in without touching Room or Session, and lets tests play a
 * peer that stops reading or floods, with no sockets involved.
 *
 * It keeps the Transport guarantees: messages arrive whole and in order (one
 * macrotask later, like a network), pauseReading holds the peer's messages
 * back until resumeReading (and drops none), progress is reported as the peer
 * reads, a probe is answered once the peer has read everything before it.
 */
import type { CloseReason } from '../server/close-reason.ts'
import type { Transport, TransportEvents } from '../server/session/transport.ts'
import { closeCodeFor } from '../server/web/reason-codes.ts'

type Delivery = { kind: 'message'; data: Uint8Array; onWritten?: () => void } | { kind: 'probe' }

export interface InMemoryPeer {
  /** Messages the server sent that the peer has read, in order. */
  readonly received: Uint8Array[]
  /** Set once the server ended the connection, with the code it would have put on the wire. */
  closedWith: { code: number; message: string } | null
  /** Messages the peer sent that the server has not read yet (it paused reading). */
  readonly heldBack: number
  send(frame: Uint8Array): void
  /** Stops reading what the server sends: it waits, like bytes in a full socket buffer. */
  stopReading(): void
  resumeReading(): void
  /** The peer hangs up. */
  close(): void
  onMessage?: (frame: Uint8Array) => void
}

export function createInMemoryPair(): { transport: Transport; peer: InMemoryPeer } {
  let events: TransportEvents | null = null
  let open = true
  let serverReading = true
  let peerReading = true
  const toServer: Uint8Array[] = []
  const toPeer: Delivery[] = []
  let bufferedBytes = 0

  const later = (run: () => void) => setImmediate(run)

  function deliverToServer(): void {
    while (open && serverReading && toServer.length > 0) events?.message(toServer.shift()!)
  }

  function deliverToPeer(): void {
    while (open && peerReading && toPeer.length > 0) {
      const delivery = toPeer.shift()!
      if (delivery.kind === 'probe') {
        events?.probeAnswered()
        continue
      }
      bufferedBytes -= delivery.data.byteLength
      peer.received.push(delivery.data)
      delivery.onWritten?.()
      events?.progressed()
      peer.onMessage?.(delivery.data)
    }
  }

  function end(code: number, message: string): void {
    if (!open) return
    open = false
    toPeer.length = 0
    bufferedBytes = 0
    peer.closedWith = { code, message }
    later(() => events?.closed(code))
  }

  const transport: Transport = {
    name: 'in-memory',
    get isOpen() {
      return open
    },
    get bufferedBytes() {
      return bufferedBytes
    },
    bind(bound) {
      events = bound
      later(deliverToServer)
    },
    send(data, onWritten) {
      if (!open) return
      toPeer.push({ kind: 'message', data, onWritten })
      bufferedBytes += data.byteLength
      later(deliverToPeer)
    },
    probe() {
      toPeer.push({ kind: 'probe' })
      later(deliverToPeer)
    },
    pauseReading() {
      serverReading = false
    },
    resumeReading() {
      serverReading = true
      later(deliverToServer)
    },
    close(reason: CloseReason) {
      end(closeCodeFor(reason.kind), reason.message)
    },
    terminate() {
      end(1006, '')
    },
  }

  const peer: InMemoryPeer = {
    received: [],
    closedWith: null,
    get heldBack() {
      return toServer.length
    },
    send(frame) {
      if (!open) return
      toServer.push(frame)
      later(deliverToServer)
    },
    stopReading() {
      peerReading = false
    },
    resumeReading() {
      peerReading = true
      later(deliverToPeer)
    },
    close() {
      end(1000, '')
    },
  }
  return { transport, peer }
}
