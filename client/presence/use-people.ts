import { useEffect, useRef, useState } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import type { ConnectionMonitor } from '../connection/connection-monitor.ts'
import { onePerPerson, peopleFromAwareness, type Person } from './people.ts'

export interface PeopleHere {
  /** You first; while the server is unreachable, the others are the last ones seen. */
  people: Person[]
  /** Connected and synced: the list is current. */
  reachable: boolean
  /** This device has changes the server has not confirmed. */
  unsavedChanges: boolean
}

function read(provider: WebsocketProvider, monitor: ConnectionMonitor, lastSeenOthers: Person[]): PeopleHere {
  const { awareness } = provider
  const facts = monitor.getFacts()
  // wsconnected turns false before y-websocket drops everyone else's state on a close, so the list seen last survives.
  const reachable = provider.wsconnected && facts.synced
  // One avatar per person, however many tabs they have open here.
  const current = onePerPerson(peopleFromAwareness(awareness.getStates(), awareness.clientID))
  const people = reachable ? current : [...current.filter((person) => person.isYou), ...lastSeenOthers]
  return { people, reachable, unsavedChanges: facts.unsavedChanges }
}

/**
 * The people in the room. y-websocket forgets everyone else the moment its connection
 * closes; this keeps the people last seen, so an outage does not look like everyone left.
 */
export function usePeople(provider: WebsocketProvider, monitor: ConnectionMonitor): PeopleHere {
  const lastSeenOthers = useRef<Person[]>([])
  const [here, setHere] = useState<PeopleHere>(() => read(provider, monitor, []))

  useEffect(() => {
    const refresh = (): void => {
      const next = read(provider, monitor, lastSeenOthers.current)
      if (next.reachable) lastSeenOthers.current = next.people.filter((person) => !person.isYou)
      setHere(next)
    }
    refresh()
    // 'change' skips the periodic renewals that 'update' also reports.
    provider.awareness.on('change', refresh)
    const unsubscribe = monitor.subscribe(refresh)
    return () => {
      provider.awareness.off('change', refresh)
      unsubscribe()
    }
  }, [provider, monitor])

  return here
}
