/**
 * The WebSocket endpoint: validates `/ws/<room>` before the upgrade (bad ids
 * get HTTP 400 and never reach the store), enforces connection limits, wires
 * each socket to a ClientConnection in its room, and pings to find dead peers.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Logger } from 'pino'
import { checkRoomId } from '../../shared/room-id.ts'
import { CloseCode, WS_PATH_PREFIX } from '../../shared/protocol.ts'
import type { Limits } from '../config.ts'
import { ConnectionEndingError, LimitExceededError } from '../errors.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import { ClientConnection } from './client-connection.ts'
import { FairScheduler } from './fair-scheduler.ts'

/** How often connections are checked for a client that stopped reading. */
const DELIVERY_CHECK_INTERVAL_MS = 1000

export interface GatewayOptions {
  registry: RoomRegistry
  logger: Logger
  metrics: Metrics
  limits: Limits
  heartbeatIntervalMs: number
}

export class WebSocketGateway {
  private readonly wss: WebSocketServer
  private readonly connections = new Set<ClientConnection>()
  /** Closed connections still handling the frames they sent before closing. */
  private readonly finishing = new Set<Promise<void>>()
  private readonly perAddress = new Map<string, number>()
  private readonly perRoom = new Map<string, number>()
  private readonly scheduler = new FairScheduler()
  private readonly heartbeat: NodeJS.Timeout
  private readonly deliveryCheck: NodeJS.Timeout
  private accepting = true

  constructor(private readonly options: GatewayOptions) {
    // ws closes a frame over maxPayload with 1009 by itself.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxMessageBytes, perMessageDeflate: false })
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatIntervalMs)
    this.heartbeat.unref()
    this.deliveryCheck = setInterval(() => this.checkDeliveries(), DELIVERY_CHECK_INTERVAL_MS)
    this.deliveryCheck.unref()
  }

  get connectionCount(): number {
    return this.connections.size
  }

  /** Handles an HTTP upgrade request; answers plain HTTP errors for bad ones. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const roomId = roomIdFromPath(request.url ?? '')
    if (roomId === null) {
      rejectUpgrade(socket, 404, `WebSocket endpoint is ${WS_PATH_PREFIX}/<room>`)
      return
    }
    const check = checkRoomId(roomId)
    if (!check.ok) {
      rejectUpgrade(socket, 400, check.reason)
      return
    }
    if (!this.accepting) {
      rejectUpgrade(socket, 503, 'Server is shutting down; try again in a moment')
      return
    }
    const remoteAddress = request.socket.remoteAddress ?? 'unknown'
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, check.roomId, remoteAddress))
  }

  /** Stops accepting and closes every connection with the given code. */
  closeAll(code: number, reason: string): void {
    this.accepting = false
    clearInterval(this.heartbeat)
    clearInterval(this.deliveryCheck)
    for (const connection of this.connections) connection.close(code, reason)
  }

  /** Resolves when connections that already closed have handled the frames they sent. */
  async closedConnectionsFinished(): Promise<void> {
    await Promise.all(this.finishing)
  }

  /** Drops connections that did not finish their close handshake in time. */
  terminateAll(): void {
    for (const connection of this.connections) connection.terminate()
    this.wss.close()
  }

  private accept(ws: WebSocket, roomId: string, remoteAddress: string): void {
    const { registry, logger, metrics, limits } = this.options
    const connection = new ClientConnection(ws, { roomId, remoteAddress, limits, logger, metrics, scheduler: this.scheduler })
    this.connections.add(connection)
    increment(this.perAddress, remoteAddress, 1)
    increment(this.perRoom, roomId, 1)

    ws.on('message', (data, isBinary) => connection.receive(data, isBinary))
    ws.on('pong', () => connection.answered())
    ws.on('error', (error) => logger.warn({ room: roomId, connection: connection.id, err: error }, 'socket error'))
    ws.on('close', (code) => {
      this.connections.delete(connection)
      increment(this.perAddress, remoteAddress, -1)
      increment(this.perRoom, roomId, -1)
      metrics.countClose(code)
      logger.info(
        {
          room: roomId,
          connection: connection.id,
          closeCode: code,
          reason: connection.closeReason ?? undefined,
          durationMs: Math.round(performance.now() - connection.openedAt),
          bytesIn: connection.bytesIn,
          bytesOut: connection.bytesOut,
        },
        'connection closed',
      )
      this.finishAfterClose(connection)
    })

    const refusal = this.connectionLimitHit(remoteAddress, roomId)
    if (refusal) {
      metrics.limitHits.inc({ limit: refusal.limit })
      logger.warn({ room: roomId, limit: refusal.limit }, 'limit hit')
      connection.close(refusal.closeCode, refusal.message)
      return
    }
    logger.info({ room: roomId, connection: connection.id }, 'connection opened')

    registry.join(roomId, connection).catch((error: unknown) => {
      if (error instanceof ConnectionEndingError) {
        logger.error({ room: roomId, err: error }, 'room could not be opened')
        connection.close(error.closeCode, error.message)
        return
      }
      logger.error({ room: roomId, err: error }, 'room load failed unexpectedly')
      connection.close(CloseCode.internalError, 'Internal server error while opening the document')
    })
  }

  /** Leaves the room (removing its awareness states) once the frames sent before the close are handled. */
  private finishAfterClose(connection: ClientConnection): void {
    const finished = new Promise<void>((resolve) => {
      connection.finish(() => {
        const room = connection.joinedRoom
        if (room) {
          room.leave(connection)
          this.options.registry.release(room)
        }
        resolve()
      })
    })
    this.finishing.add(finished)
    void finished.then(() => this.finishing.delete(finished))
  }

  private connectionLimitHit(remoteAddress: string, roomId: string): LimitExceededError | null {
    const { maxConnectionsPerIp, maxConnectionsPerRoom } = this.options.limits
    if ((this.perAddress.get(remoteAddress) ?? 0) > maxConnectionsPerIp) {
      return new LimitExceededError('connections-per-ip', CloseCode.tooManyConnectionsFromAddress, `Over ${maxConnectionsPerIp} connections from your address`)
    }
    if ((this.perRoom.get(roomId) ?? 0) > maxConnectionsPerRoom) {
      return new LimitExceededError('connections-per-room', CloseCode.roomFull, `This document already has ${maxConnectionsPerRoom} connections`)
    }
    return null
  }

  private checkDeliveries(): void {
    for (const connection of this.connections) connection.checkDelivery()
  }

  private checkHeartbeats(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.options.logger.info({ room: connection.roomId, connection: connection.id }, 'no pong since last ping; terminating')
        connection.closeReason = 'No pong since last ping'
        connection.terminate()
        continue
      }
      connection.alive = false
      connection.ping()
    }
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by
  if (next <= 0) counts.delete(key)
  else counts.set(key, next)
}

/** The raw room segment of `/ws/<room>`, or null for any other path. */
export function roomIdFromPath(url: string): string | null {
  const path = url.split('?')[0] ?? ''
  const prefix = `${WS_PATH_PREFIX}/`
  if (!path.startsWith(prefix)) return null
  const raw = path.slice(prefix.length)
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 503: 'Service Unavailable' }

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
