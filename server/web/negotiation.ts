/**
 * HTTP content negotiation and conditional requests (RFC 9110 §12, §13), as
 * much as Seed's endpoints use: which of the offered media types an Accept
 * header prefers, a Content-Type's media type, and entity-tag lists.
 */

/**
 * The first of `offered` (media types, in the server's order of preference)
 * that `accept` takes with the highest q; the first offered when there is no
 * Accept header; null when it takes none of them (answer 406).
 */
export function preferredMediaType(accept: string | undefined, offered: readonly string[]): string | null {
  if (accept === undefined || accept.trim() === '') return offered[0] ?? null
  const ranges = accept
    .split(',')
    .map((part) => {
      const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase())
      const q = parameters.find((parameter) => parameter.startsWith('q='))
      return { range, q: q === undefined ? 1 : Number(q.slice(2)) }
    })
    .filter(({ range, q }) => range.includes('/') && Number.isFinite(q))
  let best: { type: string; q: number; specificity: number } | null = null
  for (const type of offered) {
    const [major] = type.split('/')
    // The most specific range that names a type decides its q (text/html;q=0 beats */*).
    let chosen: { q: number; specificity: number } | null = null
    for (const { range, q } of ranges) {
      const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1
      if (specificity >= 0 && (chosen === null || specificity > chosen.specificity)) chosen = { q, specificity }
    }
    if (chosen !== null && chosen.q > 0 && (best === null || chosen.q > best.q)) best = { type, ...chosen }
  }
  return best?.type ?? null
}

/** The media type of a Content-Type header, lower case without parameters; null when there is none. */
export function mediaTypeOf(contentType: string | undefined): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type ? type : null
}

/**
 * Whether an If-None-Match header names `etag` (or is `*`): the weak
 * comparison RFC 9110 §13.1.2 asks for, so W/"x" names "x".
 */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag))
}
