import type { Awareness } from 'y-protocols/awareness'
import { readableTextColor } from '../identity/color-contrast.ts'
import { initialsOf } from '../identity/identity-name.ts'
import { usePeople } from './use-people.ts'
import './presence.css'

export function PresenceList({ awareness }: { awareness: Awareness }) {
  const people = usePeople(awareness)
  const count = people.length === 1 ? '1 person here' : `${people.length} people here`

  return (
    <div className="presence" data-testid="presence-list">
      <ul className="presence__avatars" aria-label="People in this document">
        {people.map((person) => {
          const label = person.isYou ? `${person.name} (you)` : person.name
          return (
            <li key={person.clientId} className="presence__person">
              <span
                className="avatar"
                style={{ backgroundColor: person.color, color: readableTextColor(person.color) }}
                tabIndex={0}
                title={label}
              >
                <span aria-hidden="true">{initialsOf(person.name)}</span>
                <span className="presence__name">{label}</span>
              </span>
            </li>
          )
        })}
      </ul>
      <p className="presence__count visually-hidden-on-phone">{count}</p>
    </div>
  )
}
