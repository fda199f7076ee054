import { useEffect, useState } from 'react'
import { roomsWithDeviceCopy } from './device-copy.ts'

/** The rooms among `roomIds` that open with no network on this device; empty until known. */
export function useRoomsWithDeviceCopy(roomIds: readonly string[]): ReadonlySet<string> {
  const [found, setFound] = useState<ReadonlySet<string>>(() => new Set())
  const key = roomIds.join('\n')

  useEffect(() => {
    let current = true
    roomsWithDeviceCopy(key === '' ? [] : key.split('\n'))
      .then((rooms) => {
        if (current) setFound(rooms ?? new Set())
      })
      .catch((error: unknown) => console.warn('Could not check which documents are on this device', error))
    return () => {
      current = false
    }
  }, [key])

  return found
}
