/**
 * One HTTP endpoint or group of them, as both server/http/ and
 * server/transport/ write them: it answers the request and says true, or
 * leaves it untouched and says false so the next handler may take it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>
