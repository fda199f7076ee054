import { useSyncExternalStore } from 'react'
import { getThemePreference, subscribeToThemePreference, type ThemePreference } from './theme-preference.ts'

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribeToThemePreference, getThemePreference)
}
