import { useSyncExternalStore } from 'react'
import type { UserIdentity } from '../../shared/identity.ts'
import { getIdentity, subscribeToIdentity } from './identity-store.ts'

export function useIdentity(): UserIdentity {
  return useSyncExternalStore(subscribeToIdentity, getIdentity)
}
