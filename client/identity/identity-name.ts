import { USER_NAME_MAX_LENGTH } from '../../shared/identity.ts'

/** Collapses whitespace and bounds the length; null when nothing usable is left. */
export function normalizeName(input: string): string | null {
  const name = input.replace(/\s+/g, ' ').trim().slice(0, USER_NAME_MAX_LENGTH).trim()
  return name.length > 0 ? name : null
}

/** Up to two letters for an avatar: the first letters of the first and last words. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = Array.from(words[0])[0]
  const last = words.length > 1 ? Array.from(words[words.length - 1])[0] : ''
  return (first + last).toUpperCase()
}
