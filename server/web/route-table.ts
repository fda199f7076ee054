/**
 * A table of routes matched by method and path template (`/api/v1/documents/{id}`):
 * the templates are OpenAPI's, so one table serves the requests and is what
 * the API's OpenAPI document is checked against. A `{name}` matches one
 * non-empty path segment, handed over percent-decoded.
 */
import { decodeSegment } from './request.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface TableRoute {
  readonly method: HttpMethod
  readonly path: string
}

export type RouteMatch<Route extends TableRoute> =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  /** The path is known but not with this method: answer 405 with these in Allow. */
  | { kind: 'wrongMethod'; allowed: HttpMethod[] }
  | { kind: 'none' }

export function matchRoute<Route extends TableRoute>(routes: readonly Route[], method: string, pathname: string): RouteMatch<Route> {
  const allowed: HttpMethod[] = []
  for (const route of routes) {
    const params = matchTemplate(route.path, pathname)
    if (params === null) continue
    if (route.method === method) return { kind: 'found', route, params }
    allowed.push(route.method)
  }
  return allowed.length > 0 ? { kind: 'wrongMethod', allowed } : { kind: 'none' }
}

/** The first of `templates` that `pathname` matches, whatever the method; null when none does. */
export function templateOf(templates: readonly string[], pathname: string): string | null {
  return templates.find((template) => matchTemplate(template, pathname) !== null) ?? null
}

function matchTemplate(template: string, pathname: string): Record<string, string> | null {
  const expected = template.split('/')
  const actual = pathname.split('/')
  if (expected.length !== actual.length) return null
  const params: Record<string, string> = {}
  for (const [index, part] of expected.entries()) {
    const given = actual[index]!
    const name = /^\{(\w+)\}$/.exec(part)?.[1]
    if (name === undefined) {
      if (part !== given) return null
    } else {
      if (given === '') return null
      params[name] = decodeSegment(given)
    }
  }
  return params
}
