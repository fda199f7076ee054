/**
 * The `route` label of seed_http_responses_total: the template of the route a
 * path belongs to, in the route table's form (`/api/v1/documents/{id}`),
 * never the path itself, whose room and upload ids would each become a time
 * series. `/api/*` is an API path that matches no route, `/*` anything else
 * (the app's pages and files, or nothing).
 */
import { API_PATHS } from '../../shared/access-api.ts'
import { templateOf } from '../web/route-table.ts'
import { API_ROUTES } from './documents-api.ts'

const ROOM = '/api/rooms/{room}'

const TEMPLATES: readonly string[] = [
  '/healthz',
  '/readyz',
  '/metrics',
  API_PATHS.auth,
  API_PATHS.rooms,
  ROOM,
  `${ROOM}/access`,
  `${ROOM}/uploads`,
  `${ROOM}/uploads/{upload}`,
  `${ROOM}/sessions`,
  `${ROOM}/sessions/{session}`,
  `${ROOM}/sessions/{session}/messages`,
  ...new Set(API_ROUTES.map((route) => route.path)),
]

export function routeLabel(pathname: string): string {
  const template = templateOf(TEMPLATES, pathname)
  if (template !== null) return template
  return pathname === '/api' || pathname.startsWith('/api/') ? '/api/*' : '/*'
}
