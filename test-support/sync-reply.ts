/** Recognises the server's answer to a sync step 1, with the server's own decoder. */
import { decodeMessage } from '../server/protocol/decode-message.ts'

/** The update a sync step 2 frame (y-websocket framing) carries; null for any other frame. */
export function syncStep2Update(frame: Uint8Array): Uint8Array | null {
  try {
    const message = decodeMessage(frame)
    return message.kind === 'sync-step-2' ? message.update : null
  } catch {
    return null
  }
}
