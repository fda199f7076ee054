/**
 * The one rule for room ids, used by the server before every upgrade and by the
 * client when it builds URLs. Room ids are also storage keys, so nothing outside
 * this alphabet may ever reach the store.
 */
export const ROOM_ID_MAX_LENGTH = 64
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export type RoomIdCheck = { ok: true; roomId: string } | { ok: false; reason: string }

export function checkRoomId(candidate: string): RoomIdCheck {
  if (candidate.length === 0) {
    return { ok: false, reason: 'Room id is empty; use 1-64 characters of A-Z, a-z, 0-9, "_" or "-".' }
  }
  if (candidate.length > ROOM_ID_MAX_LENGTH) {
    return { ok: false, reason: `Room id is ${candidate.length} characters long; the limit is ${ROOM_ID_MAX_LENGTH}.` }
  }
  if (!ROOM_ID_PATTERN.test(candidate)) {
    return { ok: false, reason: 'Room id may only contain A-Z, a-z, 0-9, "_" and "-".' }
  }
  return { ok: true, roomId: candidate }
}

export function isValidRoomId(candidate: string): boolean {
  return checkRoomId(candidate).ok
}

/** 128 random bits, base64url without padding: 22 characters, unguessable and URL-safe. */
export function createRoomId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
