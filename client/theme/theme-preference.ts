export type ThemePreference = 'system' | 'light' | 'dark'

export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark']

const STORAGE_KEY = 'seed:theme'
const systemDark = window.matchMedia('(prefers-color-scheme: dark)')
const listeners = new Set<() => void>()

function isPreference(value: unknown): value is ThemePreference {
  return THEME_PREFERENCES.includes(value as ThemePreference)
}

function readStorage(): ThemePreference {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    return isPreference(stored) ? stored : 'system'
  } catch {
    return 'system'
  }
}

let current = readStorage()

/** Sets `data-theme` on <html>, which switches the colour tokens in global.css. */
function apply(): void {
  const dark = current === 'dark' || (current === 'system' && systemDark.matches)
  document.documentElement.dataset.theme = dark ? 'dark' : 'light'
}

function update(preference: ThemePreference): void {
  current = preference
  apply()
  for (const listener of listeners) listener()
}

export function getThemePreference(): ThemePreference {
  return current
}

/** Kept on this device only: a shared document should not dictate anyone's colours. */
export function setThemePreference(preference: ThemePreference): void {
  try {
    localStorage.setItem(STORAGE_KEY, preference)
  } catch (error) {
    console.warn('Could not store the theme on this device', error)
  }
  update(preference)
}

export function subscribeToThemePreference(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Call once before the first render, so the page never flashes in the other theme. */
export function startTheme(): void {
  apply()
  systemDark.addEventListener('change', apply)
  // A choice made in another tab applies here too.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) update(readStorage())
  })
}
