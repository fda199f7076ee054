const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto'])

/**
 * The href to store for what someone typed or pasted as a link, or null when it is
 * refused. Only web and email links: `javascript:`, `data:` and the like could run
 * code or fake a page in a reader's browser. Browsers ignore tabs, newlines and
 * control characters inside a URL ("java\tscript:"), so they are removed before the
 * scheme is read.
 */
export function linkHref(input: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
  const url = input.replace(/[\u0000-\u0020\u007f-\u00a0\u2000-\u200f\u2028\u2029\u3000\ufeff]/g, '')
  if (url === '') return null
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]
  if (scheme !== undefined) return ALLOWED_SCHEMES.has(scheme.toLowerCase()) ? url : null
  if (/^[^@/?#]+@[^@/?#]+\.[^@/?#]+$/.test(url)) return `mailto:${url}`
  // "example.com/page": a host name needs a dot before any path.
  if (/^[^./?#@][^/?#@]*\.[^/?#@]+(?:[/?#].*)?$/.test(url)) return `https://${url}`
  return null
}
