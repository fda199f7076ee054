import { UPLOAD_URL_PATTERN } from '../../shared/upload-api.ts'

const currentOrigin = (): string | null => (typeof location === 'undefined' ? null : location.origin)

/**
 * The `src` an image node may hold: a web address (http, https) or the path of
 * an image uploaded to this server (`/api/rooms/<room>/uploads/<id>`, also when
 * written out with this server's origin); null for anything else. `data:`
 * URLs are refused: images never travel inside the document, and neither do
 * `blob:` (valid on one page only), `javascript:` or `file:` addresses.
 */
export function imageSrc(text: string, origin: string | null = currentOrigin()): string | null {
  const trimmed = text.trim()
  if (UPLOAD_URL_PATTERN.test(trimmed)) return trimmed
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.origin === origin && UPLOAD_URL_PATTERN.test(url.pathname) && url.search === '' && url.hash === '') return url.pathname
  return url.href
}

/** Whether the src is an upload of this server, which is fetched with the room's token rather than loaded by <img>. */
export const isUploadedImage = (src: string): boolean => UPLOAD_URL_PATTERN.test(src)
