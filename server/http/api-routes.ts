/**
 * The access API under /api/ (contract: shared/access-api.ts), JSON in and
 * out, never cached:
 * - GET  /api/auth                 → { mode }
 * - POST /api/rooms                → 201, a room created on the server (room-creation-route.ts)
 * - GET  /api/rooms/<room>/access  → what the bearer token allows in that room
 * - GET  /api/rooms/<room>         → the room's metadata, 404 for an id never created (nor written, nor open here)
 * - POST /api/rooms/<room>/uploads, GET /api/rooms/<room>/uploads/<id> → images (upload-routes.ts)
 * - /api/rooms/<room>/sessions/…   → the HTTP fallback transport (server/transport/http-gateway.ts)
 * - /api/v1/…                      → the document API (documents-api.ts), API keys or room tokens
 * The access check is the admission step itself (room-id rule, address,
 * Origin, authorization), without a connection reservation. On HTTP a token
 * travels only in `Authorization: Bearer`; one in the query string is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { API_PATHS, type AccessResponse, type ApiError, type RoomInfoResponse } from '../../shared/access-api.ts'
import type { AccessControl } from '../admission/access-control.ts'
import type { Admission } from '../admission/admission.ts'
import type { OriginPolicy } from '../admission/origin-policy.ts'
import type { CloseReason } from '../close-reason.ts'
import { bearerToken, decodeSegment } from '../web/request.ts'
import { allowMethods, sendJson, sendRefusal } from '../web/response.ts'
import type { RouteHandler } from '../web/route-handler.ts'
import { createRoomCreationRoute, type RoomCreationOptions } from './room-creation-route.ts'
import type { AdmittedRequest, UploadRoutes } from './upload-routes.ts'

export interface ApiRoutesOptions {
  access: AccessControl
  admission: Admission
  origins: OriginPolicy
  /** The room's metadata when it exists (created, written, or open here with people in it), `deleted` when it was deleted (410); null when never created. */
  roomInfo: (roomId: string) => Promise<(Omit<RoomInfoResponse, 'room' | 'exists'> & { deleted?: true }) | null>
  /** POST /api/rooms: what creating a room needs besides access, admission and origins. */
  roomCreation: Pick<RoomCreationOptions, 'creationLimit' | 'clientAddress' | 'createRoomRecord' | 'createDocument' | 'maxImportBytes' | 'onLimitHit'>
  uploads: UploadRoutes
  /** The HTTP fallback transport's endpoints under /api/rooms/<room>/sessions (server/transport/http-gateway.ts). */
  httpSessions: RouteHandler
  /** The document API under /api/v1 (documents-api.ts). */
  documentsApi: RouteHandler
}

const ACCESS_PATH = /^\/api\/rooms\/([^/]+)\/access$/
const ROOM_PATH = /^\/api\/rooms\/([^/]+)$/
const UPLOADS_PATH = /^\/api\/rooms\/([^/]+)\/uploads(?:\/([^/]+))?$/

export function createApiRoutes({ access, admission, origins, roomInfo, roomCreation, uploads, httpSessions, documentsApi }: ApiRoutesOptions): RouteHandler {
  const createRoom = createRoomCreationRoute({ ...roomCreation, access, admission, origins })
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://api.invalid')
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) return false
    if (url.searchParams.has('token')) {
      sendRefusal(response, {
        kind: 'badRequest',
        message: 'The token is in the wrong place: on HTTP send it as Authorization: Bearer <token>, never in the URL (URLs end up in logs and histories)',
      })
      return true
    }
    if (await documentsApi(request, response)) return true
    if (await httpSessions(request, response)) return true
    if (url.pathname === API_PATHS.auth) {
      if (allowMethods(request, response, ['GET'])) sendJson(response, 200, { mode: access.mode })
      return true
    }
    if (url.pathname === API_PATHS.rooms) {
      if (allowMethods(request, response, ['POST'])) await createRoom(request, response)
      return true
    }
    const accessMatch = ACCESS_PATH.exec(url.pathname)
    if (accessMatch) {
      if (allowMethods(request, response, ['GET'])) await answerAccess(request, response, decodeSegment(accessMatch[1]!))
      return true
    }
    const roomMatch = ROOM_PATH.exec(url.pathname)
    if (roomMatch) {
      if (allowMethods(request, response, ['GET'])) await answerRoomInfo(request, response, decodeSegment(roomMatch[1]!))
      return true
    }
    const uploadsMatch = UPLOADS_PATH.exec(url.pathname)
    if (uploadsMatch) {
      const roomId = decodeSegment(uploadsMatch[1]!)
      const uploadId = uploadsMatch[2] ?? null
      if (allowMethods(request, response, [uploadId === null ? 'POST' : 'GET'])) {
        const call = { roomId, uploadId, admit: () => admit(request, response, roomId), refuse: (reason: CloseReason) => sendRefusal(response, reason) }
        await (uploadId === null ? uploads.upload(request, response, call) : uploads.serve(request, response, call))
      }
      return true
    }
    sendJson(response, 404, { error: `No API at ${url.pathname}; see the README's "Access control" section` } satisfies ApiError)
    return true
  }

  /** The grant of the bearer token in that room and the client's address; null once a refusal has been sent. */
  async function admit(request: IncomingMessage, response: ServerResponse, roomId: string): Promise<AdmittedRequest | null> {
    const token = bearerToken(request)
    if (token === undefined) {
      sendRefusal(response, { kind: 'badRequest', message: 'The Authorization header must be "Bearer <token>"' })
      return null
    }
    const checked = await admission.check({ roomId, socketAddress: request.socket.remoteAddress ?? 'unknown', headers: request.headers, token })
    if (checked.admitted) return { grant: checked.grant, clientAddress: checked.clientAddress }
    sendRefusal(response, checked.reason)
    return null
  }

  async function answerAccess(request: IncomingMessage, response: ServerResponse, roomId: string): Promise<void> {
    const grant = (await admit(request, response, roomId))?.grant
    if (grant) sendJson(response, 200, { permission: grant.permission, expiresAt: grant.expiresAt, name: grant.identity.name } satisfies AccessResponse)
  }

  // Only for whoever may open the room: otherwise it would tell anyone which room ids are in use.
  async function answerRoomInfo(request: IncomingMessage, response: ServerResponse, roomId: string): Promise<void> {
    if (!(await admit(request, response, roomId))) return
    const info = await roomInfo(roomId)
    if (info === null) {
      sendJson(response, 404, { error: 'No document was ever created at this address: the link may be mistyped or cut short' } satisfies ApiError)
      return
    }
    if (info.deleted) {
      sendJson(response, 410, { error: 'This document was deleted' } satisfies ApiError)
      return
    }
    sendJson(response, 200, { room: roomId, exists: true, lastSeq: info.lastSeq, createdAt: info.createdAt } satisfies RoomInfoResponse)
  }
}
