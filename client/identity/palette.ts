import { colorDifference } from '../../shared/color-contrast.ts'

/**
 * User colours, ordered by hue. Each is mid-dark enough to carry white label text
 * (≥ 4.5:1) and to show as a caret on the paper of both themes (≥ 3:1), and far
 * enough from every other one (CIE76 ΔE ≥ 25) to tell two people apart.
 * Colours must stay `#rrggbb`: the caret extension draws anything else transparent.
 */
export const IDENTITY_PALETTE = [
  '#d8381f',
  '#b05143',
  '#8b6e35',
  '#687d12',
  '#138813',
  '#167e66',
  '#197cae',
  '#3d64e3',
  '#a451bd',
  '#c21fdb',
  '#bb4c83',
  '#df2059',
] as const

function nearest(color: string, others: readonly string[]): number {
  return Math.min(Infinity, ...others.map((other) => colorDifference(color, other)))
}

/**
 * The colour to use in a room where `taken` are the other people's colours: your
 * own while nobody else has it, else the palette colour least used and, among
 * those, farthest from every colour in use.
 */
export function chooseDistinctColor(preferred: string, taken: readonly string[]): string {
  if (!taken.includes(preferred)) return preferred
  const uses = (color: string): number => taken.filter((other) => other === color).length
  const fewest = Math.min(...IDENTITY_PALETTE.map(uses))
  const candidates = IDENTITY_PALETTE.filter((color) => uses(color) === fewest)
  return candidates.reduce((best, color) => (nearest(color, taken) > nearest(best, taken) ? color : best))
}
