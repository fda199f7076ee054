import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { peopleFromAwareness, type Person } from './people.ts'

export function usePeople(awareness: Awareness): Person[] {
  const [people, setPeople] = useState<Person[]>(() => peopleFromAwareness(awareness.getStates(), awareness.clientID))

  useEffect(() => {
    // 'change' skips the periodic renewals that 'update' also reports.
    const refresh = (): void => setPeople(peopleFromAwareness(awareness.getStates(), awareness.clientID))
    refresh()
    awareness.on('change', refresh)
    return () => awareness.off('change', refresh)
  }, [awareness])

  return people
}
