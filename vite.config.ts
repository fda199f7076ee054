import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { VitePWA } from 'vite-plugin-pwa'
import { SERVICE_WORKER_PATH, SERVICE_WORKER_SCOPE } from './shared/app-shell.ts'
import { ROOM_PAGE_PREFIX } from './shared/protocol.ts'

const projectRoot = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root: fileURLToPath(new URL('./client', import.meta.url)),
  plugins: [
    react(),
    // The offline app shell: a Workbox service worker precaches the built client, so that `/` and `/r/<room>`
    // open with no network after one visit. Registered by client/offline/service-worker.ts (workbox-window);
    // a new version waits until the person accepts the reload prompt. Off in development (Vite serves modules).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      filename: SERVICE_WORKER_PATH.slice(1),
      scope: SERVICE_WORKER_SCOPE,
      manifest: false,
      devOptions: { enabled: false },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        cleanupOutdatedCaches: true,
        // Once this worker controls the page, the chunks it loads later come from the precache too.
        clientsClaim: true,
        // Only the app's own pages get index.html: /api/, /ws/, /metrics, /healthz and /readyz always reach the server.
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^\/$/, new RegExp(`^${ROOM_PAGE_PREFIX}`)],
      },
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    // The editor chunk (Tiptap + ProseMirror + Yjs, ~540 kB) loads in parallel with the landing page.
    chunkSizeWarningLimit: 700,
  },
  test: {
    root: projectRoot,
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most integration tests wait on child processes and sockets: two files at once even on a 2-core machine
    // (Vitest's default there is one) halves the run, and the suite passes that way under a CPU-heavy neighbour too.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker imports the server's modules once for all its files instead of once per file: on a quiet 2-core
    // machine the imports took 72 s of worker time, and the run 179 s instead of 214 s. Safe because no test file mocks a module,
    // stubs a global or leaves fake timers or process.env changed: each file builds its own servers, stores and metrics.
    isolate: false,
  },
})
