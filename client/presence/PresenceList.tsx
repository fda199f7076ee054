import { useEffect, useReducer } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type { ConnectionMonitor } from '../connection/connection-monitor.ts'
import { readableTextColor } from '../../shared/color-contrast.ts'
import { initialsOf } from '../identity/identity-name.ts'
import { idleAfterMsFrom, nextIdleAt } from './activity.ts'
import { describeHeadcount, describePresenceStatus, presenceStatusOf } from './presence-status.ts'
import { usePeople } from './use-people.ts'
import './presence.css'

interface PresenceListProps {
  provider: WebsocketProvider
  monitor: ConnectionMonitor
  /** Goes to someone's caret; absent until the editor is there. */
  onJump?: (clientId: number) => void
}

export function PresenceList({ provider, monitor, onJump }: PresenceListProps) {
  const { people, reachable, unsavedChanges } = usePeople(provider, monitor)
  const [, rerender] = useReducer((count: number) => count + 1, 0)
  const now = Date.now()
  // `?idleAfterMs=` in the address shortens the minute (tests, demos).
  const idleAfterMs = idleAfterMsFrom(location.search)
  const context = { reachable, unsavedChanges, now, idleAfterMs }
  const shown = people.map((person) => ({ person, status: presenceStatusOf(person, context) }))

  // Someone turns idle without any message arriving: re-render when the next one does.
  const idleAt = reachable ? nextIdleAt(people.filter((person) => !person.isYou).map((person) => person.lastActive), now, idleAfterMs) : null
  useEffect(() => {
    if (idleAt === null) return
    const timer = setTimeout(rerender, Math.max(0, idleAt - Date.now()))
    return () => clearTimeout(timer)
  }, [idleAt])

  return (
    <div className="presence" data-testid="presence-list" data-reachable={reachable}>
      <ul className="presence__avatars" aria-label="People in this document">
        {shown.map(({ person, status }) => {
          const label = `${person.name} (${describePresenceStatus(status, person.isYou)})`
          const content = (
            <>
              <span aria-hidden="true">{initialsOf(person.name)}</span>
              <span className="presence__name">{label}</span>
            </>
          )
          const style = status === 'unreachable' || status === 'pending' ? undefined : { backgroundColor: person.color, color: readableTextColor(person.color) }
          return (
            <li key={person.clientId} className="presence__person" data-status={status} data-testid="presence-person">
              {person.isYou || !onJump ? (
                <span className="avatar" style={style} tabIndex={0} title={label}>
                  {content}
                </span>
              ) : (
                <button
                  type="button"
                  className="avatar avatar--button"
                  style={style}
                  title={`${label} — go to their cursor`}
                  onClick={() => onJump(person.clientId)}
                >
                  {content}
                </button>
              )}
            </li>
          )
        })}
      </ul>
      <p className="presence__count visually-hidden-on-phone">{describeHeadcount(shown.map(({ status }) => status), reachable)}</p>
    </div>
  )
}
