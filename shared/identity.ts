/** What each client publishes under the `user` field of its awareness state. */
export interface UserIdentity {
  name: string
  /** Always `#rrggbb`: the caret extension draws anything else transparent. */
  color: string
  /**
   * Made once per browser profile and kept with the name: every tab of one person publishes the same one, so
   * the people list shows them once (each tab keeps its own caret). Absent from older clients and scripts.
   */
  id?: string
}

export const USER_NAME_MAX_LENGTH = 40
export const HEX_COLOR_PATTERN = /^#[0-9a-f]{6}$/i
/** What an identity id may look like (a UUID fits): anything else is ignored. */
export const IDENTITY_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/
