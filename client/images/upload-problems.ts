/**
 * The sentences a person reads when an image cannot be added: before the
 * upload (wrong type, offline) and after the server's answer or its absence.
 */
import { isUploadImageType } from '../../shared/upload-api.ts'

const TYPES = 'PNG, JPEG, GIF or WebP'

export const OFFLINE_UPLOAD = 'Images are uploaded to the server, and you are offline: add the image again once you are back online. (Images by web address work offline.)'

/** Why the file cannot be uploaded at all, or null. */
export function problemBeforeUpload(file: { name: string; type: string }, online: boolean): string | null {
  if (!isUploadImageType(file.type)) return `“${file.name}” is not an image Seed can add: use ${TYPES}.`
  if (!online) return OFFLINE_UPLOAD
  return null
}

/** What went wrong, from the server's answer to an upload that did not succeed. */
export function problemFromAnswer(
  name: string,
  status: number,
  body: { error?: unknown; maxUploadBytes?: unknown; maxUploadBytesPerRoom?: unknown; retryAfterSeconds?: unknown },
): string {
  if (status === 413 && typeof body.maxUploadBytesPerRoom === 'number') {
    return `“${name}” does not fit: this document’s images may take at most ${formatSize(body.maxUploadBytesPerRoom)} together. Add the image by its https: address instead.`
  }
  if (status === 429) {
    const wait = typeof body.retryAfterSeconds === 'number' ? `in ${body.retryAfterSeconds} s` : 'in a minute'
    return `Too many images added at once: add “${name}” again ${wait}.`
  }
  if (status === 413) {
    const limit = typeof body.maxUploadBytes === 'number' ? ` (at most ${formatSize(body.maxUploadBytes)})` : ''
    return `“${name}” is too large for this server${limit}. Make the image smaller and add it again.`
  }
  if (status === 415) return `“${name}” is not an image Seed can add: use ${TYPES}.`
  const said = typeof body.error === 'string' && body.error !== '' ? ` ${body.error.replace(/\.?$/, '.')}` : ''
  if (status === 401 || status === 403) return `You cannot add images to this document.${said}`
  return `The server could not store “${name}” (HTTP ${status}). Try again in a moment.${said}`
}

/** The request got no answer: offline, or the server is unreachable. */
export function problemWithoutAnswer(name: string, online: boolean): string {
  if (!online) return OFFLINE_UPLOAD
  return `The server could not be reached, so “${name}” was not uploaded. Check your connection and try again.`
}

export function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024)
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`
  return bytes >= 1024 ? `${Math.floor(bytes / 1024)} KB` : `${bytes} bytes`
}
