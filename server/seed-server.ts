/**
 * Composes the server: store, rooms, WebSocket and HTTP-polling gateways and HTTP routes on one
 * port, and the orderly shutdown that keeps every received update.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { createRequestHandler } from './http/request-handler.ts'
import { createDevClientHandler } from './http/dev-client.ts'
import { Metrics } from './observability/metrics.ts'
import { readBuildInfo } from './observability/build-info.ts'
import { timedStore } from './observability/timed-store.ts'
import { createStaticClientHandler } from './http/static-client.ts'
import { RoomRegistry } from './room/room-registry.ts'
import { RoomEvents } from './room/room-events.ts'
import { MetadataRecorder } from './documents/metadata-recorder.ts'
import { RoomDocumentService } from './documents/room-document-service.ts'
import type { DocumentService } from './documents/document-service.ts'
import { openDocumentStore } from './storage/open-store.ts'
import { ReadinessLog } from './observability/readiness-log.ts'
import { RefusalLog } from './observability/refusal-log.ts'
import { createRoomBus } from './bus/create-bus.ts'
import { WebSocketGateway } from './transport/websocket-gateway.ts'
import { createHttpGateway } from './transport/http-gateway.ts'
import { Admission } from './admission/admission.ts'
import { createAccessControl } from './admission/access-control.ts'
import { OriginPolicy } from './admission/origin-policy.ts'
import { createApiRoutes } from './http/api-routes.ts'
import { createDocumentsApi } from './http/documents-api.ts'
import { ApiCredentials } from './admission/api-credentials.ts'
import { MetricsAccess } from './http/metrics-access.ts'
import { securityHeaders } from './http/security-headers.ts'
import { createUploadRoutes } from './http/upload-routes.ts'
import { throttledProbe } from './http/throttled-probe.ts'
import { AddressRateLimit } from './limits/address-rate-limit.ts'
import { clientAddress } from './admission/client-address.ts'
import { SessionHub } from './session/session-hub.ts'
import { CLIENT_BUILD_DIR } from './paths.ts'
import { Webhooks } from './webhooks/webhooks.ts'
import { writeBackup } from './backup/write-backup.ts'
import { restoreBackup } from './backup/restore-backup.ts'
import { openVersionStore } from './storage/open-version-store.ts'
import { VersionRecorder } from './documents/version-recorder.ts'
import { VersionHistory } from './documents/version-history.ts'

const CLOSE_HANDSHAKE_TIMEOUT_MS = 2000
const READINESS_PROBE_INTERVAL_MS = 1000

export interface SeedServer {
  /** The address to open in a browser, e.g. http://127.0.0.1:1234/ */
  readonly url: string
  readonly port: number
  /** Live counts, for health checks, metrics and tests. */
  stats(): { loadedRooms: number; connections: number }
  /** The server's documents (what the document API calls): read and change them as a member would, on any instance. */
  readonly documents: DocumentService
  close(): Promise<void>
}

export async function startSeedServer(config: Config, logger: Logger): Promise<SeedServer> {
  // First: a key that does not import stops the start before anything is opened.
  const access = await createAccessControl(config.access)
  const opened = await openDocumentStore(config, logger)
  const { backend } = opened
  // The gauges read the registry and gateway lazily, at scrape time.
  const metrics: Metrics = new Metrics({
    connections: () => hub.sessionCountsByTransport(),
    loadedRooms: () => registry.loadedRoomCount,
    store: opened.gauges,
    build: readBuildInfo(),
  })
  // Everything below uses the store through this: every call is timed.
  const store = timedStore(opened.store, opened.gauges.backend, metrics)
  // Redis in cluster mode; otherwise nobody else shares this instance's rooms.
  const bus = await createRoomBus(config.cluster, config.instanceId, logger, metrics)
  // What happens to rooms, in one place: metadata, webhooks (and next versions, comments) listen here.
  const events = new RoomEvents(logger)
  const registry: RoomRegistry = new RoomRegistry({
    store,
    bus,
    logger,
    metrics,
    unloadGraceMs: config.roomUnloadGraceMs,
    compactAfterUpdates: config.compactAfterUpdates,
    maxDocumentBytes: config.limits.maxDocumentBytes,
    awarenessLimits: config.limits.awareness,
    maxLoadedRooms: config.limits.maxLoadedRooms,
    events,
  })
  const metadataRecorder = new MetadataRecorder({ store, logger })
  metadataRecorder.listen(events)
  // Read and write documents on the server (the document API, imports): through the rooms, as a member would.
  const documents: DocumentService = new RoomDocumentService({ registry, store })
  // Version history (README "Version history"): recorded from the room events, restored through the documents.
  const versionStore = await openVersionStore(config, logger)
  const versionRecorder = new VersionRecorder({ versions: versionStore, registry, store, events, timing: config.versions, retention: config.versions.retention, logger })
  versionRecorder.listen()
  const versions = new VersionHistory({ versions: versionStore, recorder: versionRecorder, documents, store, registry })
  // null without WEBHOOK_URLS; listening before the first room opens, so no event is missed.
  const webhooks = await Webhooks.start(config, logger, metrics.webhookAttempts)
  webhooks?.listen(events)
  // Refusals of one cause are logged at most once per interval, whichever path refuses.
  const refusals = new RefusalLog(config.logRefusalsIntervalMs)
  const hub = new SessionHub({ registry, logger, metrics, refusals, limits: config.limits, livenessIntervalMs: config.heartbeatIntervalMs })
  const origins = new OriginPolicy(config.allowedOrigins, config.proxyTrust)
  const admission = new Admission({ hub, origins, authorize: access.authorize, proxyTrust: config.proxyTrust, metrics, logger, refusals })
  const gateway = new WebSocketGateway({ admission, hub, logger, maxMessageBytes: config.limits.maxMessageBytes })

  let shuttingDown = false
  const httpServer = createServer()
  const serveClient = config.dev ? await createDevClientHandler(httpServer) : createStaticClientHandler(CLIENT_BUILD_DIR)
  // /readyz is open to anyone and its probe writes to the store: one probe a second serves every caller.
  // Logged once per change of readiness, not per probe.
  const readinessLog = new ReadinessLog(logger)
  const probeDependencies = throttledProbe(async () => {
    metrics.readinessProbes.inc()
    try {
      await store.checkWritable()
    } catch (error) {
      return readinessLog.record({ ready: false, reason: `${backend} store is not writable` }, error)
    }
    try {
      await bus.checkReachable()
    } catch (error) {
      return readinessLog.record({ ready: false, reason: 'Redis is not reachable' }, error)
    }
    return readinessLog.record({ ready: true })
  }, READINESS_PROBE_INTERVAL_MS)
  const readiness = async () => (shuttingDown ? { ready: false as const, reason: 'shutting down' } : probeDependencies())
  const metricsAccess = new MetricsAccess(config.metrics, config.proxyTrust)
  const handleRequest = createRequestHandler({
    isHealthy: () => !shuttingDown && httpServer.listening,
    readiness,
    readinessDetails: () => ({ unreadableRecordsSetAside: registry.setAsideRecords.count }),
    metrics: metrics.registry,
    metricsAccess: (request) => metricsAccess.check(request),
    countResponse: (method, route, status) => metrics.countHttpResponse(method, route, status),
    securityHeaders: securityHeaders({ frameAncestors: config.frameAncestors, dev: config.dev }),
    api: createApiRoutes({
      access,
      admission,
      origins,
      // A room open here with people in it, or with its first update on its way to the store, exists already.
      roomInfo: async (roomId) => (await store.roomInfo(roomId)) ?? (registry.isInUse(roomId) ? { lastSeq: 0, createdAt: null } : null),
      roomCreation: {
        creationLimit: new AddressRateLimit({ limit: config.limits.roomsCreatedPerMinutePerIp, windowMs: 60_000 }),
        clientAddress: (request) => clientAddress(request.socket.remoteAddress ?? 'unknown', request.headers, config.proxyTrust),
        createRoomRecord: (roomId) => registry.createRoom(roomId),
        createDocument: (input) => documents.create(input),
        maxImportBytes: config.limits.maxImportBytes,
        onLimitHit: () => metrics.limitHits.inc({ limit: 'rooms-created-per-address' }),
      },
      httpSessions: createHttpGateway({ admission, hub, config: config.httpTransport, maxMessageBytes: config.limits.maxMessageBytes }),
      documentsApi: createDocumentsApi({
        documents,
        versions,
        credentials: new ApiCredentials(config.apiKeys),
        access,
        admission,
        // Without WEBHOOK_URLS nothing is ever delivered.
        listWebhookDeliveries: async (limit) => (webhooks ? webhooks.listDeliveries(limit) : []),
        // Read from the store, where every acknowledged update is; a replaced document is deleted as the API deletes one (its people closed).
        backups: {
          write: (output) => writeBackup({ store, versions: versionStore }, backend, output),
          restore: (open, options) =>
            restoreBackup(
              open,
              {
                store,
                versions: versionStore,
                // The recorder removes the versions on the 'deleted' event, after the deletion: done before the backup's are added.
                remove: async (id) => {
                  await documents.delete(id)
                  await versionRecorder.settled(id)
                },
              },
              options,
            ),
        },
        maxBodyBytes: config.limits.maxDocumentBytes,
        logger,
      }),
      uploads: createUploadRoutes({
        store,
        maxUploadBytes: config.limits.maxUploadBytes,
        maxUploadBytesPerRoom: config.limits.maxUploadBytesPerRoom,
        uploadsPerMinutePerIp: config.limits.uploadsPerMinutePerIp,
        metrics,
      }),
    }),
    serveClient,
  })
  httpServer.on('request', (request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      // The path only: a query string may carry a token.
      logger.error({ err: error, path: request.url?.split('?')[0] }, 'request failed')
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  httpServer.on('upgrade', (request, socket, head) => {
    if (config.dev && request.headers['sec-websocket-protocol'] === 'vite-hmr') return
    gateway.handleUpgrade(request, socket, head).catch((error: unknown) => {
      logger.error({ err: error }, 'upgrade failed')
      socket.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject)
      resolve()
    })
  })
  const { port } = httpServer.address() as AddressInfo
  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const url = `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}/`

  async function close(): Promise<void> {
    if (shuttingDown) return
    shuttingDown = true
    logger.info('shutting down: closing connections and storing every room')
    httpServer.close()
    hub.closeAll({ kind: 'serverRestart', message: 'Server is restarting' })
    await hub.closedSessionsFinished()
    // Before the rooms unload: a version's timer would load its room again.
    await versionRecorder.close()
    await registry.unloadAll()
    await metadataRecorder.flush()
    // After the rooms' last events; before the store closes under a delivery.
    await webhooks?.close()
    await bus.close()
    await versionStore.close()
    await store.close()
    await waitForSessions(hub)
    hub.terminateAll()
    gateway.close()
    httpServer.closeAllConnections()
    refusals.close()
    logger.info('shutdown complete')
  }

  const stats = () => ({ loadedRooms: registry.loadedRoomCount, connections: hub.sessionCount })
  return { url, port, stats, documents, close }
}

async function waitForSessions(hub: SessionHub): Promise<void> {
  const deadline = Date.now() + CLOSE_HANDSHAKE_TIMEOUT_MS
  while (hub.sessionCount > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
