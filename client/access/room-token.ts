import type { AuthMode } from '../../shared/access-api.ts'
import { isEmbedded, requestTokenFromEmbedder } from './embedder-token.ts'

/**
 * The token a room page opens its room with, kept in memory for the page's life.
 * In jwt mode inside an embedding application's iframe, refresh() asks the
 * application for a fresh one (embedder-token.ts); elsewhere a token cannot be
 * renewed by Seed, only replaced by opening a new link.
 */
export class RoomToken {
  private current: string | null
  private readonly roomId: string
  private readonly mode: AuthMode

  constructor(roomId: string, initial: string | null, mode: AuthMode) {
    this.roomId = roomId
    this.current = initial
    this.mode = mode
  }

  get value(): string | null {
    return this.current
  }

  /** Called before every connection attempt; resolves to the token to use. */
  async refresh(): Promise<string | null> {
    if (this.mode === 'jwt' && isEmbedded()) {
      const fresh = await requestTokenFromEmbedder(this.roomId)
      if (fresh !== undefined) this.current = fresh
    }
    return this.current
  }
}
