import { setThemePreference, THEME_PREFERENCES, type ThemePreference } from './theme-preference.ts'
import { useThemePreference } from './use-theme-preference.ts'
import './theme.css'

const LABELS: Record<ThemePreference, string> = { system: 'System theme', light: 'Light', dark: 'Dark' }

/** System / light / dark, remembered on this device. */
export function ThemeControl() {
  const preference = useThemePreference()
  return (
    <label className="theme-control">
      <span className="visually-hidden">Theme</span>
      <select
        className="theme-control__select"
        data-testid="theme-select"
        value={preference}
        onChange={(event) => setThemePreference(event.target.value as ThemePreference)}
      >
        {THEME_PREFERENCES.map((value) => (
          <option key={value} value={value}>
            {LABELS[value]}
          </option>
        ))}
      </select>
    </label>
  )
}
