import { HEX_COLOR_PATTERN, USER_NAME_MAX_LENGTH } from '../../shared/identity.ts'
import { readableTextColor } from '../../shared/color-contrast.ts'

const FALLBACK_COLOR = '#6b7280'

/**
 * Draws another person's caret with a name tag. Awareness comes from other clients,
 * so nothing in it is trusted: text goes in as text, colours are checked.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === 'string' && HEX_COLOR_PATTERN.test(user.color) ? user.color : FALLBACK_COLOR
  const name = typeof user.name === 'string' ? user.name.slice(0, USER_NAME_MAX_LENGTH) : 'Someone'

  const caret = document.createElement('span')
  caret.className = 'collaboration-carets__caret'
  caret.style.borderColor = color
  // The name tag is decoration, not part of the text a screen reader should read out.
  caret.setAttribute('aria-hidden', 'true')

  const label = document.createElement('span')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = color
  label.style.color = readableTextColor(color)
  label.textContent = name
  caret.append(label)
  return caret
}
