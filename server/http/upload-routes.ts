/**
 * Images uploaded into a room (contract: shared/upload-api.ts), stored by the
 * DocumentStore, never inline in the document:
 * - POST /api/rooms/<room>/uploads       the image's bytes; edit permission
 * - GET  /api/rooms/<room>/uploads/<id>  its bytes; view permission is enough
 * The caller (api-routes.ts) has run the admission step (room-id rule, Origin,
 * authorization with the Bearer token) and passes the grant. The type is read
 * from the bytes, never taken from the Content-Type header alone, and SVG is
 * refused (it carries script). A body is read only up to MAX_UPLOAD_BYTES:
 * past that the answer is 413 at once and the rest is never read.
 *
 * Uploads do not count toward MAX_DOCUMENT_BYTES: that limit bounds what every
 * client syncs and the server holds in memory per room, and an upload is
 * neither (it is fetched on its own, when shown). Each file is bounded by
 * MAX_UPLOAD_BYTES, a room's images together by MAX_UPLOAD_BYTES_PER_ROOM
 * (413, room-upload-quota.ts), each address to UPLOADS_PER_MINUTE_PER_IP
 * uploads (429 with Retry-After, counted before the body is read), and only
 * people who may edit the room can add any.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  isUploadImageType,
  UPLOAD_ID_PATTERN,
  UPLOAD_IMAGE_TYPES,
  UPLOAD_PATHS,
  type UploadQuotaResponse,
  type UploadRateLimitedResponse,
  type UploadResponse,
  type UploadTooLargeResponse,
} from '../../shared/upload-api.ts'
import type { Grant } from '../admission/authorization.ts'
import { AddressRateLimit } from '../limits/address-rate-limit.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { CloseReason } from '../close-reason.ts'
import type { DocumentStore } from '../storage/document-store.ts'
import { formatBytes } from '../web/format-bytes.ts'
import { httpStatusFor } from '../web/reason-codes.ts'
import { sendJson } from '../web/response.ts'
import { detectImageType } from '../uploads/image-type.ts'
import { RoomUploadQuota } from '../uploads/room-upload-quota.ts'

export interface UploadRoutesOptions {
  store: Pick<DocumentStore, 'putUpload' | 'getUpload' | 'uploadBytes'>
  maxUploadBytes: number
  maxUploadBytesPerRoom: number
  /** Uploads one client address may send per minute (UPLOADS_PER_MINUTE_PER_IP). */
  uploadsPerMinutePerIp: number
  metrics: Pick<Metrics, 'limitHits' | 'uploads' | 'uploadBytes'>
}

/** What the admission step found: the grant, and the client address per-address limits count. */
export interface AdmittedRequest {
  grant: Grant
  clientAddress: string
}

export interface UploadRequest {
  roomId: string
  /** The id segment of GET .../uploads/<id>; null for the collection (POST). */
  uploadId: string | null
  /** Runs the admission step; null once it has sent its refusal. */
  admit: () => Promise<AdmittedRequest | null>
  refuse: (reason: CloseReason) => void
}

/** An image is the same bytes forever (its id is their hash): browsers may keep it for a year, privately. */
const SERVED_IMAGE_HEADERS = {
  'Cache-Control': 'private, max-age=31536000, immutable',
  'Content-Disposition': 'inline',
  'X-Content-Type-Options': 'nosniff',
  // Shown as an image only; opened directly it runs nothing and loads nothing.
  'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const

const TYPE_LIST = UPLOAD_IMAGE_TYPES.join(', ')

export type UploadRoutes = ReturnType<typeof createUploadRoutes>

export function createUploadRoutes({ store, maxUploadBytes, maxUploadBytesPerRoom, uploadsPerMinutePerIp, metrics }: UploadRoutesOptions) {
  const { limitHits } = metrics
  const tooLarge: UploadTooLargeResponse = {
    error: `The file is larger than this server accepts (${formatBytes(maxUploadBytes)}, MAX_UPLOAD_BYTES); make the image smaller and try again`,
    maxUploadBytes,
  }
  const quota = new RoomUploadQuota(store, maxUploadBytesPerRoom)
  const uploadRate = new AddressRateLimit({ limit: uploadsPerMinutePerIp, windowMs: 60_000 })

  async function upload(request: IncomingMessage, response: ServerResponse, { roomId, admit, refuse }: UploadRequest): Promise<void> {
    // Any refusal ends the connection: the unread body is dropped with it, never read just to be discarded.
    response.setHeader('Connection', 'close')
    const admitted = await admit()
    if (!admitted) return
    if (admitted.grant.permission !== 'edit') {
      return refuse({ kind: 'forbidden', message: 'This link only lets you read the document; adding images needs an edit link' })
    }
    const rate = uploadRate.take(admitted.clientAddress)
    if (!rate.allowed) {
      limitHits.inc({ limit: 'uploads-per-address' })
      response.setHeader('Retry-After', String(rate.retryAfterSeconds))
      return sendJson(response, httpStatusFor('rateLimited'), {
        error: `Too many uploads from your address (at most ${uploadsPerMinutePerIp} a minute, UPLOADS_PER_MINUTE_PER_IP); add the image again in ${rate.retryAfterSeconds} s`,
        retryAfterSeconds: rate.retryAfterSeconds,
      } satisfies UploadRateLimitedResponse)
    }
    const claimed = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (!isUploadImageType(claimed)) {
      return refuse({ kind: 'unsupportedMediaType', message: `Only images can be uploaded: send the file with its Content-Type, one of ${TYPE_LIST} (not ${JSON.stringify(claimed.slice(0, 60) || 'none')})` })
    }
    const bytes = await readLimitedBody(request, maxUploadBytes)
    // The rest of the body is never read: the connection ends after the answer.
    if (bytes === null) return sendJson(response, httpStatusFor('uploadTooLarge'), tooLarge)
    const actual = detectImageType(bytes)
    if (actual !== claimed) {
      return refuse({
        kind: 'unsupportedMediaType',
        message: actual === null ? `The file is not a ${claimed} image (its bytes are no image type Seed stores: ${TYPE_LIST})` : `The file says ${claimed} but its bytes are ${actual}; send it with its real type`,
      })
    }
    const id = createHash('sha256').update(bytes).digest('hex')
    const outcome = await quota.put(roomId, id, { contentType: actual, bytes })
    if (!outcome.stored) {
      limitHits.inc({ limit: 'upload-bytes-per-room' })
      return sendJson(response, httpStatusFor('uploadQuotaExceeded'), {
        error:
          `This document's images already take ${formatBytes(outcome.heldBytes)} of the ${formatBytes(maxUploadBytesPerRoom)} they may take together (MAX_UPLOAD_BYTES_PER_ROOM), ` +
          'and this one does not fit; add the image by its https: address instead, or ask whoever runs this server to raise the limit',
        maxUploadBytesPerRoom,
      } satisfies UploadQuotaResponse)
    }
    metrics.uploads.inc()
    metrics.uploadBytes.inc(bytes.length)
    const url = UPLOAD_PATHS.upload(roomId, id)
    response.removeHeader('Connection')
    response.setHeader('Location', url)
    sendJson(response, 201, { id, url, contentType: actual, bytes: bytes.length } satisfies UploadResponse)
  }

  async function serve(request: IncomingMessage, response: ServerResponse, { roomId, uploadId, admit, refuse }: UploadRequest): Promise<void> {
    if (!(await admit())) return
    const stored = uploadId !== null && UPLOAD_ID_PATTERN.test(uploadId) ? await store.getUpload(roomId, uploadId) : null
    if (stored === null) return refuse({ kind: 'notFound', message: 'There is no image at this address in this document' })
    const etag = `"${uploadId}"`
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { ...SERVED_IMAGE_HEADERS, ETag: etag })
      response.end()
      return
    }
    response.writeHead(200, { ...SERVED_IMAGE_HEADERS, 'Content-Type': stored.contentType, 'Content-Length': stored.bytes.length, ETag: etag })
    response.end(stored.bytes)
  }

  return { upload, serve }
}

/**
 * The body, or null as soon as it is known to be over `maxBytes` (a declared
 * Content-Length says so before any byte is read). Reading then stops: the
 * request is paused, not drained.
 */
function readLimitedBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(null)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let total = 0
    const stop = () => {
      request.off('data', onData)
      request.off('end', onEnd)
      request.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      total += chunk.length
      if (total > maxBytes) {
        stop()
        request.pause()
        resolve(null)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, total))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    request.on('data', onData)
    request.once('end', onEnd)
    request.once('error', onError)
  })
}
