import { UPLOAD_URL_PATTERN } from './upload-api.ts'

/** The page's origin in a browser; null on the server, which has no page (and is compiled without the DOM's types). */
const currentOrigin = (): string | null => (globalThis as { location?: { origin: string } }).location?.origin ?? null

/**
 * The `src` an image node may hold: an https: web address or the path of an
 * image uploaded to this server (`/api/rooms/<room>/uploads/<id>`, also when
 * written out with this server's origin); null for anything else. `http:` is
 * refused: anyone on the network path could read or swap the image, and the
 * CSP (server/http/security-headers.ts) blocks it anyway. `data:` URLs are
 * refused: images never travel inside the document, and neither do `blob:`
 * (valid on one page only), `javascript:` or `file:` addresses.
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
  // This server's own upload, whatever its scheme: stored as the path, fetched with the token.
  if (url.origin === origin && UPLOAD_URL_PATTERN.test(url.pathname) && url.search === '' && url.hash === '') return url.pathname
  return url.protocol === 'https:' ? url.href : null
}

/** Why the image form refuses an address that `imageSrc` refuses: one sentence, with what to do instead. */
export function imageAddressRefusal(text: string): string {
  if (/^http:/i.test(text.trim())) {
    return 'This address starts with http:, which is not secure: only https: addresses can be added. Use the image’s https: address, or upload the file from this device instead.'
  }
  return 'Only images on the web (https: addresses) can be added by address; upload a file from this device instead.'
}

/** Whether the src is an upload of this server, which is fetched with the room's token rather than loaded by <img>. */
export const isUploadedImage = (src: string): boolean => UPLOAD_URL_PATTERN.test(src)
