/**
 * Talks to the server's upload API (shared/upload-api.ts). Uploads go through
 * XMLHttpRequest because fetch reports no upload progress; a failure rejects
 * with an UploadError whose message is the sentence to show.
 */
import { UPLOAD_PATHS, type UploadResponse } from '../../shared/upload-api.ts'
import { problemFromAnswer, problemWithoutAnswer } from './upload-problems.ts'

export class UploadError extends Error {
  override readonly name = 'UploadError'
}

const UPLOAD_TIMEOUT_MS = 120_000

const bearer = (token: string | null): Record<string, string> => (token === null ? {} : { Authorization: `Bearer ${token}` })

/** Uploads the file into the room; resolves with where the server serves it. */
export function uploadImage(roomId: string, token: string | null, file: File, onProgress: (fraction: number) => void): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', UPLOAD_PATHS.uploads(roomId))
    request.setRequestHeader('Content-Type', file.type)
    for (const [name, value] of Object.entries(bearer(token))) request.setRequestHeader(name, value)
    request.timeout = UPLOAD_TIMEOUT_MS
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () => {
      const body = parseBody(request.responseText)
      if (request.status === 201 && typeof body.url === 'string') resolve(body as unknown as UploadResponse)
      else reject(new UploadError(problemFromAnswer(file.name, request.status, body)))
    }
    request.onerror = request.ontimeout = () => reject(new UploadError(problemWithoutAnswer(file.name, navigator.onLine)))
    request.send(file)
  })
}

/** An uploaded image's bytes, asked for with the room's token (an <img> could not send it). */
export async function fetchUploadedImage(src: string, token: string | null): Promise<Blob> {
  const response = await fetch(src, { headers: bearer(token) })
  if (!response.ok) throw new UploadError(`The image could not be loaded (HTTP ${response.status})`)
  return response.blob()
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(text)
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
