/**
 * The WebSocket endpoint: validates `/ws/<room>` before the upgrade (bad ids
 * get HTTP 400 and never reach the store), wires each socket to a
 * ClientConnection in its room, and keeps connections honest with pings.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Logger } from 'pino'
import { checkRoomId } from '../../shared/room-id.ts'
import { CloseCode, WS_PATH_PREFIX } from '../../shared/protocol.ts'
import { RoomLoadError } from '../errors.ts'
import type { RoomRegistry } from '../room/room-registry.ts'
import type { Room } from '../room/room.ts'
import { ClientConnection } from './client-connection.ts'

export interface GatewayOptions {
  registry: RoomRegistry
  logger: Logger
  maxMessageBytes: number
  heartbeatIntervalMs: number
}

export class WebSocketGateway {
  private readonly wss: WebSocketServer
  private readonly connections = new Set<ClientConnection>()
  private readonly heartbeat: NodeJS.Timeout
  private accepting = true

  constructor(private readonly options: GatewayOptions) {
    // ws closes a frame over maxPayload with 1009 by itself.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false })
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatIntervalMs)
    this.heartbeat.unref()
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
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, check.roomId))
  }

  /** Stops accepting and closes every connection with the given code. */
  closeAll(code: number, reason: string): void {
    this.accepting = false
    clearInterval(this.heartbeat)
    for (const connection of this.connections) connection.close(code, reason)
  }

  /** Drops connections that did not finish their close handshake in time. */
  terminateAll(): void {
    for (const connection of this.connections) connection.terminate()
    this.wss.close()
  }

  private accept(ws: WebSocket, roomId: string): void {
    const { registry, logger } = this.options
    const connection = new ClientConnection(ws, roomId, logger)
    this.connections.add(connection)
    logger.info({ room: roomId, connection: connection.id }, 'connection opened')
    let room: Room | null = null

    ws.on('message', (data, isBinary) => connection.receive(data, isBinary))
    ws.on('pong', () => {
      connection.alive = true
    })
    ws.on('error', (error) => logger.warn({ room: roomId, connection: connection.id, err: error }, 'socket error'))
    ws.on('close', (code) => {
      this.connections.delete(connection)
      logger.info(
        {
          room: roomId,
          connection: connection.id,
          closeCode: code,
          durationMs: Math.round(performance.now() - connection.openedAt),
          bytesIn: connection.bytesIn,
          bytesOut: connection.bytesOut,
        },
        'connection closed',
      )
      if (room) {
        room.leave(connection)
        registry.release(room)
      }
    })

    registry.acquire(roomId).then(
      (loaded) => {
        if (!connection.isOpen) {
          registry.release(loaded)
          return
        }
        room = loaded
        connection.attach(loaded)
      },
      (error: unknown) => {
        const reason = error instanceof RoomLoadError ? 'This document could not be loaded on the server' : 'Internal server error'
        logger.error({ room: roomId, err: error }, 'room load failed')
        connection.close(error instanceof RoomLoadError ? error.closeCode : CloseCode.internalError, reason)
      },
    )
  }

  private checkHeartbeats(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.options.logger.info({ room: connection.roomId, connection: connection.id }, 'no pong since last ping; terminating')
        connection.terminate()
        continue
      }
      connection.alive = false
      connection.ping()
    }
  }
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

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : 'Service Unavailable'}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
