import { defineConfig } from '@playwright/test'
import { findChromium } from './e2e/setup/chromium-path.mjs'

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Three people-pages at a time on a 2-core machine: a test mostly waits on sockets, timers and rendering
  // (two workers kept the CPU half idle: 1.04 cores busy over the run).
  workers: 3,
  retries: 0,
  // npm test (test-support/setup/run-suite.mjs) also asks for a JSON report, to print the slowest tests.
  reporter: process.env.SEED_E2E_JSON_REPORT ? [['list'], ['json', { outputFile: process.env.SEED_E2E_JSON_REPORT }]] : [['list']],
  // The compiled server, built once here: each test starts its own, and tsx would compile the sources at every start.
  globalSetup: './e2e/setup/build-seed.ts',
  use: {
    browserName: 'chromium',
    trace: { mode: 'retain-on-failure', screenshots: false },
    launchOptions: {
      executablePath: findChromium(),
      // Without the background-networking flags Chromium stalls on the refused
      // connections of a machine with no internet.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
