/**
 * Where ↑ and ↓ move the active option of a list of `count`: round from the last
 * to the first and back, as in other editors' menus. Null for any other key.
 */
export function movedActiveOption(key: string, active: number, count: number): number | null {
  if (count === 0) return null
  if (key === 'ArrowDown') return (active + 1) % count
  if (key === 'ArrowUp') return (active - 1 + count) % count
  return null
}
