/**
 * The offline app shell's addresses, known to the build (which writes the
 * service worker), the client (which registers it) and the server (which serves
 * it uncached). The worker lives at the root so that its scope is the whole app.
 */
export const SERVICE_WORKER_PATH = '/sw.js'
export const SERVICE_WORKER_SCOPE = '/'
