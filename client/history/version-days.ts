/** A version as the history list shows it (versions-api.ts reads it from the server). */
export interface VersionAuthor {
  name: string
  /** `#rrggbb` when the author's session carried one. */
  color: string | null
}

export interface VersionSummary {
  id: string
  /** Milliseconds since the epoch. */
  createdAt: number
  /** Given by a person ("Save version…") or by the server ("Before restore"); null for one recorded after quiet. */
  name: string | null
  authors: VersionAuthor[]
  auto: boolean
  wordsAdded: number
  wordsRemoved: number
}

export interface VersionDay {
  /** "Today", "Yesterday", or the date ("Monday, 30 November 2026"). */
  label: string
  versions: VersionSummary[]
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' })

function startOfDay(time: number): number {
  const day = new Date(time)
  day.setHours(0, 0, 0, 0)
  return day.getTime()
}

function dayLabel(dayStart: number, now: number): string {
  const today = startOfDay(now)
  if (dayStart === today) return 'Today'
  // Through a Date rather than 24 h: a day with a clock change is 23 or 25 hours long.
  const yesterday = new Date(today)
  yesterday.setDate(yesterday.getDate() - 1)
  return dayStart === yesterday.getTime() ? 'Yesterday' : DAY_FORMAT.format(dayStart)
}

/** Newest first, one group per local calendar day. */
export function groupByDay(versions: readonly VersionSummary[], now: number): VersionDay[] {
  const days = new Map<number, VersionSummary[]>()
  for (const version of [...versions].sort((a, b) => b.createdAt - a.createdAt)) {
    const day = startOfDay(version.createdAt)
    days.set(day, [...(days.get(day) ?? []), version])
  }
  return Array.from(days, ([day, inDay]) => ({ label: dayLabel(day, now), versions: inDay }))
}

/** "14:05" */
export function formatTime(time: number): string {
  return TIME_FORMAT.format(time)
}

/** What a version is called in the list and the preview: its name, or for an automatic one its time. */
export function versionTitle(version: VersionSummary): string {
  return version.name ?? formatTime(version.createdAt)
}

/** "+12 −3 words" (a true minus sign); "No text changes" when neither. */
export function describeChangeSize(version: Pick<VersionSummary, 'wordsAdded' | 'wordsRemoved'>): string {
  if (version.wordsAdded === 0 && version.wordsRemoved === 0) return 'No text changes'
  return `+${version.wordsAdded} \u2212${version.wordsRemoved} words`
}
