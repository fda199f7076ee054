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
  /**
   * POST: 201, a room created on the server, so its link opens for anyone at once. Body: empty (the server names it)
   * or JSON `{ "id": "<room>" }` (open mode; jwt mode with a token that may edit that room), 409 when it exists.
   * Links mode: with its edit and view tokens. 429 with Retry-After past ROOMS_CREATED_PER_MINUTE_PER_IP.
   */
  rooms: '/api/rooms',
  /** GET with `Authorization: Bearer <token>` (none in open mode): what the token allows in that room. */
  access: (room: string) => `/api/rooms/${encodeURIComponent(room)}/access`,
  /** GET, authorized like `access`: the room's metadata, or 404 for an id never created (nor written, nor open with people in it). */
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
  /** Records stored so far; 0 before the room's first write reached the store. */
  lastSeq: number
  /** When the room was created (ms since the epoch); null when that was not recorded (see DocumentStore's RoomInfo). */
  createdAt: number | null
}

export interface ApiError {
  /** A sentence saying why, and what to do. */
  error: string
}
