/**
 * The server's end of one loopback TCP connection as the kernel sees it, from
 * /proc/net/tcp (Linux, IPv4). A client that does not read cannot see the
 * server let go of it (the FIN waits behind unread data), so the bench asks
 * the kernel instead: the server's socket leaves ESTABLISHED the moment the
 * server closes or destroys it.
 */
import { readFileSync } from 'node:fs'

/** st column values of include/net/tcp_states.h. */
const STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
}

export interface ServerSocketState {
  /** ESTABLISHED while the server holds the connection; null once the kernel forgot it. */
  state: string | null
  /** Bytes the server handed the kernel that the client has not taken (tx_queue). */
  sendQueueBytes: number
}

/** The state of the socket with local port `serverPort` and remote port `clientPort`. */
export function serverSocketState(serverPort: number, clientPort: number): ServerSocketState {
  const local = `:${hexPort(serverPort)}`
  const remote = `:${hexPort(clientPort)}`
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue …
    const [, localAddress, remoteAddress, st, queues] = line.trim().split(/\s+/)
    if (!localAddress?.endsWith(local) || !remoteAddress?.endsWith(remote)) continue
    return { state: STATES[st!] ?? st!, sendQueueBytes: parseInt(queues!.split(':')[0]!, 16) }
  }
  return { state: null, sendQueueBytes: 0 }
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0')
}
