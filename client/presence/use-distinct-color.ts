import { useEffect } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { getIdentity, recolorIdentity } from '../identity/identity-store.ts'
import { chooseDistinctColor } from '../identity/palette.ts'
import { peopleFromAwareness } from './people.ts'

/**
 * Whoever joins a room last gives way: once the first sync has brought everyone
 * already there, a newcomer whose colour is taken moves to one nobody uses. Checked
 * once per visit, so people who were there first keep their colour.
 */
export function useDistinctColor(provider: WebsocketProvider | undefined): void {
  useEffect(() => {
    if (!provider) return
    const check = (synced: boolean): void => {
      if (!synced) return
      provider.off('sync', check)
      const { awareness } = provider
      const identity = getIdentity()
      const taken = peopleFromAwareness(awareness.getStates(), awareness.clientID)
        // The same person in another tab shows under the same name: not a clash.
        .filter((person) => !person.isYou && person.name !== identity.name)
        .map((person) => person.color)
      recolorIdentity(chooseDistinctColor(identity.color, taken))
    }
    if (provider.synced) check(true)
    else provider.on('sync', check)
    return () => provider.off('sync', check)
  }, [provider])
}
