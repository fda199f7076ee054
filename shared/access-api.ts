/**
 * The JSON contract of Seed's access API (server/http/api-routes.ts), shared
 * by the server, the client and applications that embed Seed. Every answer
 * carries `Cache-Control: no-store`; an error answer is `ApiError` with the
 * HTTP status of its reason (400, 401, 403, 404).
 */
export type AuthMode = 'open' | 'links' | 'jwt'
export type Permission = 'edit' | 'view'

export const API_PATHS = {
  /** GET: which access mode the server runs in (public). */
  auth: '/api/auth',
  /** POST: a new room (links mode: with its edit and view tokens; jwt mode: 403, the embedding application creates rooms). */
  rooms: '/api/rooms',
  /** GET with `Authorization: Bearer <token>` (none in open mode): what the token allows in that room. */
  access: (room: string) => `/api/rooms/${encodeURIComponent(room)}/access`,
  /** GET, authorized like `access`: the room's metadata, or 404 when nothing was ever written to it. */
  room: (room: string) => `/api/rooms/${encodeURIComponent(room)}`,
} as const

export interface AuthModeResponse {
  mode: AuthMode
}

export type CreatedRoomResponse = { room: string } | { room: string; editToken: string; viewToken: string }

export interface AccessResponse {
  permission: Permission
  /** When the token stops working (ms since the epoch); null when it does not expire. */
  expiresAt: number | null
  /** The display name the token carries, if any. */
  name: string | null
}

export interface RoomInfoResponse {
  room: string
  exists: true
  /** Records stored so far; 0 while the room's first write is still on its way to the store. */
  lastSeq: number
}

export interface ApiError {
  /** A sentence saying why, and what to do. */
  error: string
}
