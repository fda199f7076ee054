#!/usr/bin/env node
// Makes sure a Chromium for the e2e tests exists. Playwright cannot download
// its own browsers on our machines, so we use the system's (Debian's
// `chromium` package), installing it when we are root and apt is available.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findChromium } from './chromium-path.mjs'

const found = findChromium()
if (found) {
  console.warn(`e2e: using Chromium at ${found}`)
  process.exit(0)
}

const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
if (!canInstall) {
  console.error(
    'e2e: no Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
      'or set CHROMIUM_PATH to a Chromium/Chrome binary, then run `npm test` again.',
  )
  process.exit(1)
}

console.warn('e2e: no Chromium found; installing Debian\'s chromium package (one time)...')
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv })
execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: aptEnv })
if (!findChromium()) {
  console.error('e2e: apt-get finished but no Chromium binary was found; set CHROMIUM_PATH.')
  process.exit(1)
}
