/**
 * Regenerates client/screenshot.png, the README's picture: Ada and Grace in the same
 * document, each in a window of their own, side by side. Builds the client first
 * (`npm run build`), then: npx tsx e2e/setup/readme-screenshot.ts
 * It starts its own Seed (random port, temp data dir) and the same Chromium as the e2e tests.
 */
import { chromium, type Browser, type Page } from '@playwright/test'
import { writeFile } from 'node:fs/promises'
import playwrightConfig from '../../playwright.config.ts'
import { startSeed } from '../../test-support/seed-process.ts'

// The laptop width the layout is tested at (e2e/layout-stability.spec.ts).
const WINDOW = { width: 1280, height: 760 }
const OUTPUT = new URL('../../client/screenshot.png', import.meta.url)

async function personPage(browser: Browser, name: string, color: string): Promise<Page> {
  const context = await browser.newContext({ viewport: WINDOW, colorScheme: 'light' })
  // Someone who has used Seed before: their name is set, and the storage notice was read and dismissed.
  await context.addInitScript((identity) => {
    localStorage.setItem('seed:identity', JSON.stringify(identity))
    localStorage.setItem('seed:dismissed-storage-notices', JSON.stringify(['may-clear', 'unavailable']))
  }, { name, color })
  return context.newPage()
}

async function waitSaved(page: Page): Promise<void> {
  await page.getByTestId('connection-status').filter({ hasText: 'Online · saved' }).waitFor()
}

/** The two windows side by side, with a hint of window chrome, on the page colour. */
function composite(left: Buffer, right: Buffer): string {
  const frame = (image: Buffer) => `
    <div class="window"><div class="bar"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i></div>
    <img src="data:image/png;base64,${image.toString('base64')}"></div>`
  return `<!doctype html><style>
    body { margin: 0; padding: 28px; display: flex; gap: 28px; background: #e9e9e4; width: max-content; }
    .window { border-radius: 10px; overflow: hidden; box-shadow: 0 10px 30px -12px rgb(16 24 40 / .35), 0 0 0 1px rgb(16 24 40 / .08); background: #fff; }
    .bar { height: 28px; display: flex; gap: 8px; align-items: center; padding: 0 12px; background: #f1f1ee; border-bottom: 1px solid #e3e3de; }
    .bar i { width: 12px; height: 12px; border-radius: 50%; }
    img { display: block; width: ${WINDOW.width}px; }
  </style>${frame(left)}${frame(right)}`
}

const seed = await startSeed()
const browser = await chromium.launch(playwrightConfig.use?.launchOptions)
try {
  const ada = await personPage(browser, 'Ada Lovelace', '#1d4ed8')
  await ada.goto(seed.url)
  await ada.getByTestId('new-document').click()
  await ada.locator('.ProseMirror').waitFor()
  await ada.locator('.ProseMirror').focus()
  await ada.keyboard.press('Control+Alt+1')
  await ada.keyboard.type('Launch plan for Seed 1.0')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('We ship when offline editing feels ')
  await ada.keyboard.press('Control+I')
  await ada.keyboard.type('boring')
  await ada.keyboard.press('Control+I')
  await ada.keyboard.type(': it simply works, and nobody has to think about it.')
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Control+Alt+2')
  await ada.keyboard.type('Before the release')
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Control+Shift+9')
  await ada.keyboard.type('Durable storage with group commit')
  await ada.locator('.ProseMirror input[type="checkbox"]').first().check()
  await ada.locator('.ProseMirror').focus()
  await ada.keyboard.press('End')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Follow a collaborator through a long document')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('A phone layout that leaves room to write')
  await ada.keyboard.press('Enter')
  await ada.keyboard.press('Enter')
  await ada.keyboard.type('Open questions: pricing page, ')
  await waitSaved(ada)

  const grace = await personPage(browser, 'Grace Hopper', '#be185d')
  await grace.goto(ada.url())
  await waitSaved(grace)
  await grace.getByText('A phone layout that leaves room to write', { exact: true }).click()
  await grace.keyboard.press('End')
  await grace.keyboard.type(' (and a menu for the rest)')
  await grace.keyboard.press('Shift+Home')
  await ada.locator('.collaboration-carets__caret').waitFor()
  await grace.locator('.collaboration-carets__caret').waitFor()
  await waitSaved(ada)
  await waitSaved(grace)

  const shots = [await ada.screenshot(), await grace.screenshot()] as const
  const canvas = await browser.newPage({ viewport: { width: 100, height: 100 } })
  await canvas.setContent(composite(...shots))
  await writeFile(OUTPUT, await canvas.locator('body').screenshot())
  process.stdout.write(`wrote ${OUTPUT.pathname}\n`)
} finally {
  await browser.close()
  await seed.dispose()
}
