import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { awarenessUpdate, nestedThenBrokenAwareness } from '../../test-support/bad-inputs.ts'
import { ProtocolError } from '../errors.ts'
import { decodeAwarenessUpdate, encodeAwarenessEntries, encodeAwarenessStates, MAX_AWARENESS_STATE_DEPTH, nestsDeeperThan } from './awareness-guard.ts'

const MAX_STATE_BYTES = 64 * 1024
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)

describe('decodeAwarenessUpdate', () => {
  const awarenesses: awarenessProtocol.Awareness[] = []
  afterEach(() => awarenesses.splice(0).forEach((awareness) => awareness.destroy()))

  function clientAwareness(state: Record<string, unknown>): awarenessProtocol.Awareness {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awarenesses.push(awareness)
    awareness.setLocalState(state)
    return awareness
  }

  it('reads what a stock client sends, and re-encodes it byte for byte', () => {
    const awareness = clientAwareness({ user: { name: 'Ada', color: '#112233' }, cursor: { anchor: { type: { client: 1, clock: 2 } } } })
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID])
    const entries = decodeAwarenessUpdate(update, MAX_STATE_BYTES)
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, state: awareness.getLocalState(), json: JSON.stringify(awareness.getLocalState()) }])
    expect(encodeAwarenessEntries(entries)).toEqual(update)
  })

  it('takes a removal (a null state)', () => {
    expect(decodeAwarenessUpdate(awarenessUpdate([{ clientId: 5, clock: 3, state: 'null' }]), MAX_STATE_BYTES)).toEqual([{ clientId: 5, clock: 3, state: null, json: 'null' }])
  })

  it('refuses the whole update when a later entry is bad: a deep state first, broken JSON second', () => {
    expect(() => decodeAwarenessUpdate(nestedThenBrokenAwareness(), MAX_STATE_BYTES)).toThrow(ProtocolError)
    const goodThenBroken = awarenessUpdate([
      { clientId: 1, clock: 1, state: '{}' },
      { clientId: 2, clock: 1, state: '{not json' },
    ])
    expect(() => decodeAwarenessUpdate(goodThenBroken, MAX_STATE_BYTES)).toThrow(/entry 1 has a state that is not JSON/)
  })

  it(`takes states nested ${MAX_AWARENESS_STATE_DEPTH} levels deep and refuses deeper ones before parsing them`, () => {
    expect(decodeAwarenessUpdate(awarenessUpdate([{ clientId: 1, clock: 1, state: nested(MAX_AWARENESS_STATE_DEPTH) }]), MAX_STATE_BYTES)).toHaveLength(1)
    expect(() => decodeAwarenessUpdate(awarenessUpdate([{ clientId: 1, clock: 1, state: nested(MAX_AWARENESS_STATE_DEPTH + 1) }]), MAX_STATE_BYTES)).toThrow(
      /nested more than 32 levels/,
    )
  })

  it('refuses a state over the byte limit, naming the limit', () => {
    const state = JSON.stringify({ name: 'x'.repeat(1000) })
    expect(decodeAwarenessUpdate(awarenessUpdate([{ clientId: 1, clock: 1, state }]), state.length)).toHaveLength(1)
    expect(() => decodeAwarenessUpdate(awarenessUpdate([{ clientId: 1, clock: 1, state }]), state.length - 1)).toThrow(/1011-byte state; states may have at most 1010 bytes/)
  })

  it.each([
    ['an array', '[1,2]'],
    ['a number', '42'],
    ['a string', '"hello"'],
    ['broken JSON', '{"user":'],
  ])('refuses a state that is %s', (_what, state) => {
    expect(() => decodeAwarenessUpdate(awarenessUpdate([{ clientId: 1, clock: 1, state }]), MAX_STATE_BYTES)).toThrow(ProtocolError)
  })

  it('refuses bytes that are not UTF-8, a truncated update and bytes after the entries', () => {
    const notUtf8 = Uint8Array.from([1, 1, 1, 2, 0xc3, 0x28])
    expect(() => decodeAwarenessUpdate(notUtf8, MAX_STATE_BYTES)).toThrow(/not UTF-8/)
    const whole = awarenessUpdate([{ clientId: 1, clock: 1, state: '{}' }])
    expect(() => decodeAwarenessUpdate(whole.subarray(0, whole.length - 1), MAX_STATE_BYTES)).toThrow(/Truncated/)
    expect(() => decodeAwarenessUpdate(Uint8Array.from([...whole, 0]), MAX_STATE_BYTES)).toThrow(/bytes after/)
    expect(() => decodeAwarenessUpdate(Uint8Array.from([2, 1, 1]), MAX_STATE_BYTES)).toThrow(/Truncated/)
  })
})

describe('nestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    expect(nestsDeeperThan('[[[]]]', 2)).toBe(true)
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false)
    expect(nestsDeeperThan('{"a":"[[[[\\"{{{{"}', 1)).toBe(false)
    expect(nestsDeeperThan('{"a":"\\\\",  "b":[[]]}', 2)).toBe(true)
  })
})

describe('encodeAwarenessStates', () => {
  it('leaves out and names a state that cannot be encoded, and encodes the others', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awareness.setLocalState(null)
    awarenessProtocol.applyAwarenessUpdate(
      awareness,
      awarenessUpdate([
        { clientId: 1, clock: 1, state: '{"user":{"name":"Ada"}}' },
        { clientId: 2, clock: 1, state: '[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']' },
        { clientId: 3, clock: 4, state: '{"user":{"name":"Grace"}}' },
      ]),
      'test',
    )
    const { update, unencodable } = encodeAwarenessStates(awareness, [1, 2, 3])
    expect(unencodable).toEqual([2])
    expect(decodeAwarenessUpdate(update, MAX_STATE_BYTES).map(({ clientId, clock, state }) => ({ clientId, clock, state }))).toEqual([
      { clientId: 1, clock: 1, state: { user: { name: 'Ada' } } },
      { clientId: 3, clock: 4, state: { user: { name: 'Grace' } } },
    ])
    awareness.destroy()
  })
})
