import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * axe's serious and critical violations on the page once its colours have settled (every page must have none). Also runs
 * label-content-name-mismatch, off by default in axe: an accessible name must contain the visible text,
 * or voice control cannot reach the control by what it shows.
 */
export async function seriousViolations(page: Page) {
  // Buttons fade their colours for 120 ms (a theme switch, a hover): axe measuring mid-fade reports a contrast the page never settles on.
  await page.waitForFunction(() => document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState === 'finished'))
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target) }))
}
