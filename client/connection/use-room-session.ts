import { useEffect, useRef, useState } from 'react'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DOCUMENT_FIELD } from '../../shared/document-schema.ts'
import type { UserIdentity } from '../../shared/identity.ts'
import { deviceCopyName } from '../offline/device-copy.ts'
import { NON_RETRYABLE_CLOSE_CODES, WS_PATH_PREFIX } from '../../shared/protocol.ts'
import { ConnectionMonitor, type BeforeConnect } from './connection-monitor.ts'
import { sendOnlyOwnPresenceToServer } from './own-presence-to-server.ts'
import { TransportSwitch } from './transport-switch.ts'
import { isDocumentReady, type LoadProgress } from './document-readiness.ts'

export interface RoomSession {
  ydoc: Y.Doc
  /** This device's copy; client/offline watches its writes. */
  persistence: IndexeddbPersistence
  provider: WebsocketProvider
  monitor: ConnectionMonitor
}

const MAX_BACKOFF_MS = 10_000

function websocketBaseUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}${WS_PATH_PREFIX}`
}

/** Our refusals, plus y-websocket's default of giving up on 4400-4499. */
function shouldReconnect(event: CloseEvent): boolean {
  return !NON_RETRYABLE_CLOSE_CODES.has(event.code) && !(event.code >= 4400 && event.code < 4500)
}

export interface RoomConnectionOptions {
  /** The token for the first connection (`?token=` on the WebSocket URL); null in open mode. */
  token: string | null
  /** Runs before every reconnect; it may change `provider.params` (a fresh token) or refuse. */
  createBeforeConnect: (provider: WebsocketProvider) => BeforeConnect
}

/**
 * Opens a room: the Y.Doc, its IndexedDB copy and the server connection, all torn
 * down together (StrictMode mounts effects twice). `ready` turns true once, when
 * there is real content to show (see isDocumentReady). Open it only once access
 * is known (the room page checks it first).
 */
export function useRoomSession(
  roomId: string,
  user: UserIdentity,
  connection: RoomConnectionOptions,
): { session: RoomSession | null; ready: boolean } {
  const [state, setState] = useState<{ session: RoomSession | null; ready: boolean }>({ session: null, ready: false })
  // Renaming must not reopen the room, so the identity is only read when the room opens; so are the connection options.
  const userRef = useRef(user)
  const connectionRef = useRef(connection)
  useEffect(() => {
    userRef.current = user
    connectionRef.current = connection
  }, [user, connection])

  useEffect(() => {
    const { token, createBeforeConnect } = connectionRef.current
    const ydoc = new Y.Doc()
    const persistence = new IndexeddbPersistence(deviceCopyName(roomId), ydoc)
    // WebSocket first; the HTTP fallback where WebSockets are blocked, and back once they work.
    const transports = new TransportSwitch(() => monitor.reconnectOverWebSocket())
    const provider = new WebsocketProvider(websocketBaseUrl(), roomId, ydoc, {
      connect: false,
      WebSocketPolyfill: transports.SocketClass,
      maxBackoffTime: MAX_BACKOFF_MS,
      shouldReconnect,
      params: token === null ? {} : { token },
    })
    sendOnlyOwnPresenceToServer(provider)
    provider.awareness.setLocalStateField('user', userRef.current)
    // The others keep the clock of our presence from before a dropped connection and ignore it sent again unchanged:
    // a new clock on every connection shows us back at once, not at the next renewal up to 15 s later.
    const announcePresence = ({ status }: { status: string }): void => {
      if (status === 'connected') provider.awareness.setLocalState(provider.awareness.getLocalState())
    }
    provider.on('status', announcePresence)
    const monitor = new ConnectionMonitor(provider, createBeforeConnect(provider))
    transports.attach(provider)
    const session: RoomSession = { ydoc, persistence, provider, monitor }
    setState({ session, ready: false })

    const progress: LoadProgress = { deviceLoaded: false, deviceHasContent: false, serverSynced: false }
    let stopWatching = (): void => {}
    const checkReady = (): void => {
      const facts = monitor.getFacts()
      progress.serverSynced ||= facts.synced
      if (!isDocumentReady(progress, facts)) return
      stopWatching()
      setState((current) => (current.session === session ? { session, ready: true } : current))
    }
    stopWatching = monitor.subscribe(checkReady)
    let closed = false
    void persistence.whenSynced.then(() => {
      if (closed) return
      progress.deviceLoaded = true
      progress.deviceHasContent = ydoc.getXmlFragment(DOCUMENT_FIELD).length > 0
      checkReady()
    })

    if (navigator.onLine) provider.connect()
    return () => {
      closed = true
      stopWatching()
      monitor.destroy()
      transports.destroy()
      provider.destroy()
      // provider.destroy() leaves the awareness renewal timer running.
      provider.awareness.destroy()
      void persistence.destroy()
      ydoc.destroy()
    }
  }, [roomId])

  return state
}
