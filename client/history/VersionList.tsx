import { useId, type KeyboardEvent } from 'react'
import { VersionAuthors } from './VersionAuthors.tsx'
import { describeChangeSize, formatTime, groupByDay, versionTitle, type VersionDay, type VersionSummary } from './version-days.ts'

interface VersionListProps {
  versions: readonly VersionSummary[]
  previewed: string | null
  onPreview: (id: string) => void
}

/** Up and Down move between versions (Tab does too); Home and End go to the newest and the oldest. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>): void {
  const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('.history-version'))
  const current = buttons.indexOf(document.activeElement as HTMLButtonElement)
  if (current === -1) return
  const target = { ArrowDown: buttons[current + 1], ArrowUp: buttons[current - 1], Home: buttons[0], End: buttons[buttons.length - 1] }[event.key]
  if (target === undefined) return
  event.preventDefault()
  target.focus()
}

/** The versions, newest first, under a heading per day. */
export function VersionList({ versions, previewed, onPreview }: VersionListProps) {
  const days = groupByDay(versions, Date.now())
  return (
    <div className="history-list" data-testid="version-list" onKeyDown={moveFocus}>
      {days.map((day) => (
        <Day key={day.label} day={day} previewed={previewed} onPreview={onPreview} />
      ))}
    </div>
  )
}

function Day({ day, previewed, onPreview }: { day: VersionDay; previewed: string | null; onPreview: (id: string) => void }) {
  const headingId = useId()
  return (
    <section className="history-list__day" aria-labelledby={headingId}>
      <h3 id={headingId} className="history-list__day-label">
        {day.label}
      </h3>
      <ul className="history-list__versions">
        {day.versions.map((version) => (
          <li key={version.id}>
            <button
              type="button"
              className="history-version"
              data-testid="version"
              aria-current={version.id === previewed ? 'true' : undefined}
              onClick={() => onPreview(version.id)}
            >
              <span className="history-version__title">{versionTitle(version)}</span>
              {version.name !== null && <span className="history-version__time">{formatTime(version.createdAt)}</span>}
              <span className="history-version__details">
                <VersionAuthors authors={version.authors} />
                <span className="history-version__size">{describeChangeSize(version)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
