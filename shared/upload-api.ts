/**
 * The image-upload API (server/http/upload-routes.ts), shared by the server and
 * the client. An upload belongs to one room: it is stored under that room,
 * written by whoever may edit the room and read by whoever may read it, with
 * the same `Authorization: Bearer` token as the access API. Its id is the
 * SHA-256 of its bytes (64 lowercase hex digits), so uploading the same image
 * again gives the same id and URL.
 */
export const UPLOAD_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
export type UploadImageType = (typeof UPLOAD_IMAGE_TYPES)[number]

export const UPLOAD_ID_PATTERN = /^[0-9a-f]{64}$/

export const UPLOAD_PATHS = {
  /** POST the image's bytes as the body, with its Content-Type: 201 with an UploadResponse. */
  uploads: (room: string) => `/api/rooms/${encodeURIComponent(room)}/uploads`,
  /** GET: the image's bytes (404 for an unknown id). */
  upload: (room: string, id: string) => `/api/rooms/${encodeURIComponent(room)}/uploads/${id}`,
} as const

/** `/api/rooms/<room>/uploads/<id>`: what an uploaded image's `src` is in the document. */
export const UPLOAD_URL_PATTERN = /^\/api\/rooms\/([A-Za-z0-9_-]{1,64})\/uploads\/([0-9a-f]{64})$/

export interface UploadResponse {
  id: string
  /** Where the image is served, relative to the server: the `src` the document stores. */
  url: string
  contentType: UploadImageType
  bytes: number
}

export function isUploadImageType(value: string): value is UploadImageType {
  return (UPLOAD_IMAGE_TYPES as readonly string[]).includes(value)
}

/** The 413 answer: the sentence, and the limit so that a client can say how large an image may be. */
export interface UploadTooLargeResponse {
  error: string
  maxUploadBytes: number
}

/** The 413 answer when the image would take the document past what its images may take together (MAX_UPLOAD_BYTES_PER_ROOM). */
export interface UploadQuotaResponse {
  error: string
  maxUploadBytesPerRoom: number
}

/** The 429 answer: too many uploads from one address; also in the Retry-After header. */
export interface UploadRateLimitedResponse {
  error: string
  retryAfterSeconds: number
}
