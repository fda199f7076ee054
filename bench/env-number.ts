/** Reads a benchmark's numeric setting from the environment; a bad value stops the run naming the variable and the range. */
export interface NumberSetting {
  fallback: number
  min: number
  max: number
  /** What the number counts, for the error message: "seconds", "rounds". */
  unit: string
  integer?: boolean
}

export function readNumberEnv(name: string, { fallback, min, max, unit, integer = false }: NumberSetting): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  const valid = (integer ? Number.isInteger(value) : Number.isFinite(value)) && value >= min && value <= max
  if (!valid) throw new Error(`${name}=${JSON.stringify(raw)} must be ${integer ? 'a whole number' : 'a number'} of ${unit} between ${min} and ${max}`)
  return value
}
