import type { ConnectionFacts } from './connection-state.ts'

export interface LoadProgress {
  /** IndexedDB has replayed everything this device stored for the room. */
  deviceLoaded: boolean
  /** The device copy had any content at all. */
  deviceHasContent: boolean
  /** The server has sent its copy at least once since the page opened. */
  serverSynced: boolean
}

/**
 * Whether the editor may be shown. An editor shown before the content arrives looks
 * like an empty document (and a keystroke there would fork it), so we wait for the
 * device copy or the server, whichever comes first; an empty device copy only
 * counts once the server is known to be out of reach, since a link opened on a new
 * device has everything on the server.
 */
export function isDocumentReady(progress: LoadProgress, connection: ConnectionFacts): boolean {
  if (progress.serverSynced) return true
  if (!progress.deviceLoaded) return false
  if (progress.deviceHasContent) return true
  return !connection.networkOnline || connection.refusal !== null || connection.failedAttempts > 0
}
