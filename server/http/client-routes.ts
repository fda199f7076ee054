/** Which addresses are pages of the client app: shared by the built client's server and Vite's in development. */
import { SERVICE_WORKER_PATH } from '../../shared/app-shell.ts'
import { ROOM_PAGE_PREFIX, WS_PATH_PREFIX } from '../../shared/protocol.ts'

/** The decoded path of a request URL, or null when it does not decode. */
export function clientPathname(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://seed.invalid').pathname)
  } catch {
    return null
  }
}

/** The app's own routes, answered with the app and status 200. */
export function isAppRoute(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith(ROOM_PAGE_PREFIX)
}

/** Where a person may have typed or followed a wrong address, as opposed to a script, style or socket request. */
export function isPageAddress(pathname: string): boolean {
  return (
    !pathname.startsWith('/assets/') &&
    pathname !== SERVICE_WORKER_PATH &&
    pathname !== WS_PATH_PREFIX &&
    !pathname.startsWith(`${WS_PATH_PREFIX}/`)
  )
}
