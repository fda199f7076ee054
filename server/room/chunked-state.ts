/**
 * Cuts the part of a document a client is missing into Yjs updates of about
 * `targetBytes` each, so that a large first sync reaches the client as many
 * messages instead of one: stock clients close a socket that received no
 * message for 30 s, which one 50 MB message over a slow link never beats.
 *
 * Guarantees: the updates hold only structs (no deletions); applied in order
 * after what the client had (its state vector), each one's dependencies
 * (left and right origin, parent) are in it or in an earlier one, so the
 * client never parks structs as pending waiting for a later message; and
 * together with `Y.encodeStateAsUpdate(doc, stateVector)` (the structs added
 * since, the whole delete set and anything pending, sent last) they equal
 * `Y.encodeStateAsUpdate(doc, targetStateVector)`. Items longer than a piece
 * (a pasted megabyte of text) are written as several consecutive pieces, which
 * is how Yjs itself splits items; the client's document is the same.
 */
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

export interface ChunkedState {
  /** Updates with structs only, to apply in order (each as `wrap` made it). */
  updates: Uint8Array[]
  /** The document's state vector when the updates were cut. */
  stateVector: Uint8Array
}

/** Text of a long string item per piece, in UTF-16 units: at most 3 UTF-8 bytes each. */
const pieceLength = (targetBytes: number) => Math.max(1, Math.floor(targetBytes / 4))
/** Elements of a long array item per piece. */
const ANY_PIECE_ELEMENTS = 1024

type Struct = Y.Item | Y.GC | Y.Skip

/** One client's consecutive structs in the update being built. */
interface ClientRun {
  startClock: number
  count: number
  encoder: Y.UpdateEncoderV1
}

/** `wrap` turns each update into what is kept (e.g. its message frame) as soon as it is cut, so no second copy of the whole piles up. */
export function chunkState(doc: Y.Doc, targetStateVector: Uint8Array, targetBytes: number, wrap: (update: Uint8Array) => Uint8Array = (update) => update): ChunkedState {
  const clients = doc.store.clients as Map<number, Struct[]>
  const target = Y.decodeStateVector(targetStateVector)
  /** Per client, the next clock to write. */
  const cursors = new Map<number, number>()
  const ends = new Map<number, number>()
  for (const [client, structs] of clients) {
    const last = structs[structs.length - 1]!
    ends.set(client, last.id.clock + last.length)
    cursors.set(client, Math.max(target.get(client) ?? 0, structs[0]!.id.clock))
  }
  const updates: Uint8Array[] = []
  let runs = new Map<number, ClientRun>()
  let bytes = 0

  const closeUpdate = () => {
    if (runs.size === 0) return
    updates.push(wrap(encodeRuns(runs)))
    runs = new Map()
    bytes = 0
  }

  const write = (client: number, struct: Struct, from: number, to: number) => {
    let run = runs.get(client)
    if (!run) {
      run = { startClock: struct.id.clock + from, count: 0, encoder: new Y.UpdateEncoderV1() }
      runs.set(client, run)
    }
    const before = encoding.length(run.encoder.restEncoder)
    if (to === struct.length) struct.write(run.encoder, from)
    else piece(struct as Y.Item, from, to).write(run.encoder, 0)
    run.count += 1
    bytes += encoding.length(run.encoder.restEncoder) - before
    if (bytes >= targetBytes) closeUpdate()
  }

  /** Writes `client`'s structs up to (not including) `clock`, each after the structs it depends on. */
  const writeUpTo = (client: number, clock: number) => {
    const stack: [number, number][] = [[client, clock]]
    while (stack.length > 0) {
      const [c, upTo] = stack[stack.length - 1]!
      const cursor = cursors.get(c)
      if (cursor === undefined || cursor >= Math.min(upTo, ends.get(c)!)) {
        stack.pop()
        continue
      }
      const structs = clients.get(c)!
      const struct = structs[Y.findIndexSS(structs, cursor)]!
      const offset = cursor - struct.id.clock
      const missing = missingDependency(struct, offset, cursors, ends)
      if (missing) {
        stack.push(missing)
        continue
      }
      const to = pieceEnd(struct, offset, targetBytes)
      write(c, struct, offset, to)
      cursors.set(c, struct.id.clock + to)
    }
  }

  // Higher client ids first, as Yjs writes them (it helps its conflict resolution).
  for (const client of [...clients.keys()].sort((a, b) => b - a)) writeUpTo(client, ends.get(client)!)
  closeUpdate()
  return { updates, stateVector: Y.encodeStateVector(doc) }
}

/**
 * A dependency of `struct` (written from `offset`) that is not written yet, as
 * [client, clock to write up to]. One the document does not hold (never the
 * case for integrated structs) is not waited for, so the walk always ends.
 */
function missingDependency(struct: Struct, offset: number, cursors: Map<number, number>, ends: Map<number, number>): [number, number] | null {
  if (!(struct instanceof Y.Item)) return null
  const parent = struct.parent as { _item?: Y.Item | null } | null
  // From an offset, the left origin is the struct's own previous clock: written already.
  const dependencies = [offset === 0 ? struct.origin : null, struct.rightOrigin, parent?._item?.id ?? null]
  for (const id of dependencies) {
    if (id === null || id.client === struct.id.client) continue
    if ((cursors.get(id.client) ?? Infinity) <= id.clock && id.clock < (ends.get(id.client) ?? 0)) return [id.client, id.clock + 1]
  }
  return null
}

/** Where the piece of `struct` that starts at `from` ends: long text and array items are cut, everything else is written whole. */
function pieceEnd(struct: Struct, from: number, targetBytes: number): number {
  if (!(struct instanceof Y.Item)) return struct.length
  const content = struct.content
  if (content instanceof Y.ContentAny) return Math.min(struct.length, from + ANY_PIECE_ELEMENTS)
  if (!(content instanceof Y.ContentString)) return struct.length
  let to = Math.min(struct.length, from + pieceLength(targetBytes))
  // Never between the halves of a surrogate pair: Yjs would turn both into U+FFFD.
  if (to < struct.length && isHighSurrogate(content.str.charCodeAt(to - 1))) to = to - 1 > from ? to - 1 : to + 1
  return to
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

/**
 * The clocks [from, to) of `item` as an item of their own, as Yjs' own
 * split would make it: a piece after the first has the item's previous
 * character as its left origin, and every piece keeps the right origin.
 */
function piece(item: Y.Item, from: number, to: number): Y.Item {
  const { client, clock } = item.id
  const content = item.content
  const pieceContent = content instanceof Y.ContentString ? new Y.ContentString(content.str.slice(from, to)) : new Y.ContentAny((content as Y.ContentAny).arr.slice(from, to))
  const origin = from === 0 ? item.origin : Y.createID(client, clock + from - 1)
  return new Y.Item(Y.createID(client, clock + from), null, origin, null, item.rightOrigin, item.parent, item.parentSub, pieceContent)
}

/** An update of the runs (higher client ids first) and an empty delete set. */
function encodeRuns(runs: Map<number, ClientRun>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, runs.size)
  for (const [client, run] of [...runs].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(encoder, run.count)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, run.startClock)
    encoding.writeUint8Array(encoder, encoding.toUint8Array(run.encoder.restEncoder))
  }
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}
