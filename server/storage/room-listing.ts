/**
 * Paging through rooms (DocumentStore.listRooms), the same in both stores:
 * rooms in order of their id's UTF-8 bytes (Postgres' "C" collation), and a
 * cursor that is the last listed id in base64url. A page continues strictly
 * after that id, so a room that exists throughout is listed exactly once
 * whatever is created or deleted between the calls.
 */

/** The most rooms one page holds. */
export const MAX_ROOMS_PER_PAGE = 1000

/** A page size outside 1..MAX_ROOMS_PER_PAGE. */
export class PageLimitError extends RangeError {
  override readonly name = 'PageLimitError'
  constructor(readonly limit: number) {
    super(`Cannot list ${limit} rooms in one page: ask for a whole number from 1 to ${MAX_ROOMS_PER_PAGE}.`)
  }
}

export function checkPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROOMS_PER_PAGE) throw new PageLimitError(limit)
}

export const encodeRoomCursor = (lastRoomId: string): string => Buffer.from(lastRoomId, 'utf8').toString('base64url')

/** The id a cursor continues after. Any string decodes to some id: a made-up cursor lists the rooms after that id, nothing else. */
export const decodeRoomCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8')

/** The page's rooms and its cursor, from up to `limit + 1` rooms read in order (one more says another page follows). */
export function pageOf<Room extends { id: string }>(read: Room[], limit: number): { rooms: Room[]; nextCursor: string | null } {
  const rooms = read.slice(0, limit)
  return { rooms, nextCursor: read.length > limit ? encodeRoomCursor(rooms.at(-1)!.id) : null }
}
