import { useSyncExternalStore } from 'react'
import { getRecentDocuments, subscribeToRecentDocuments, type RecentDocument } from './recent-documents.ts'

export function useRecentDocuments(): readonly RecentDocument[] {
  return useSyncExternalStore(subscribeToRecentDocuments, getRecentDocuments)
}
