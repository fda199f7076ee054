import type { AuthMode } from '../../shared/access-api.ts'
import { useRecentDocuments } from '../rooms/use-recent-documents.ts'
import { CopyLinkButton } from './CopyLinkButton.tsx'
import { ShareLinksButton } from './ShareLinksButton.tsx'

/** The share control for the server's access mode. */
export function ShareControl({ roomId, mode }: { roomId: string; mode: AuthMode | null }) {
  const tokens = useRecentDocuments().find((entry) => entry.roomId === roomId)?.tokens
  switch (mode) {
    case 'open':
      return <CopyLinkButton />
    case 'links':
      return <ShareLinksButton roomId={roomId} tokens={tokens ?? {}} />
    default:
      // jwt: the embedding application decides who gets in and hands out its own tokens; Seed has no links to share.
      return null
  }
}
