import * as bc from 'lib0/broadcastchannel'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { WebsocketProvider } from 'y-websocket'
import { MessageType } from '../../shared/protocol.ts'

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clientIds: number[]): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clientIds))
  return encoding.toUint8Array(encoder)
}

/**
 * Makes the provider tell the server about this tab's own presence only, while the tabs of this browser still
 * share every change with each other over BroadcastChannel as before.
 *
 * y-websocket sends the server every awareness change it applies, including another tab's state heard over
 * BroadcastChannel. A new tab announces itself there before its own connection opens, so an older tab's relay
 * reaches the server first and the server (server/room/awareness-ownership.ts) gives the new tab's id to the
 * older tab's connection. When the new tab closes, the server then has nothing of its to remove, and its caret
 * stays on everyone's screen until the older tab's awareness times it out, 30 s later. The server relays
 * everyone's states itself, so the relay adds nothing; without it each id belongs to its own tab's connection
 * and goes with it.
 */
export function sendOnlyOwnPresenceToServer(provider: WebsocketProvider): void {
  const { awareness } = provider
  awareness.off('update', provider._awarenessUpdateHandler)
  // Replaced in place, so that provider.destroy() unsubscribes this one.
  provider._awarenessUpdateHandler = ({ added, updated, removed }: AwarenessChanges) => {
    const changed = [...added, ...updated, ...removed]
    if (provider.bcconnected) bc.publish(provider.bcChannel, awarenessMessage(awareness, changed), provider)
    const socket = provider.ws
    if (changed.includes(awareness.clientID) && provider.wsconnected && socket !== null && socket.readyState === socket.OPEN) {
      socket.send(awarenessMessage(awareness, [awareness.clientID]))
    }
  }
  awareness.on('update', provider._awarenessUpdateHandler)
}
