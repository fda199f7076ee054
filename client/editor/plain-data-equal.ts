/**
 * Structural equality for plain data (primitives, arrays, plain objects), the
 * shape editor-derived UI state takes: a toolbar's button states, a count's
 * text. Lets a recomputed value that says the same thing keep the old
 * reference, so React skips the re-render.
 */
export function plainDataEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const aKeys = Object.keys(a)
  if (aKeys.length !== Object.keys(b).length) return false
  return aKeys.every((key) => Object.hasOwn(b, key) && plainDataEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
