/** What each client publishes under the `user` field of its awareness state. */
export interface UserIdentity {
  name: string
  /** Always `#rrggbb`: the caret extension draws anything else transparent. */
  color: string
}

export const USER_NAME_MAX_LENGTH = 40
export const HEX_COLOR_PATTERN = /^#[0-9a-f]{6}$/i
