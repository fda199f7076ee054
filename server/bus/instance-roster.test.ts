import { describe, expect, it } from 'vitest'
import { InstanceRoster } from './instance-roster.ts'

describe('InstanceRoster', () => {
  it('knows an instance from its first sign of life until it is silent for the timeout', () => {
    const roster = new InstanceRoster(1000)
    expect(roster.heard('a', 0)).toBe(true)
    expect(roster.heard('a', 500)).toBe(false)
    expect(roster.heard('b', 600)).toBe(true)
    expect(roster.size).toBe(2)
    expect(roster.expire(1499)).toEqual([])
    expect(roster.expire(1500)).toEqual(['a'])
    expect(roster.expire(1500)).toEqual([])
    expect(roster.size).toBe(1)
    // Heard again after it was declared gone: it joins again.
    expect(roster.heard('a', 1600)).toBe(true)
  })

  it('forgets an instance that said goodbye', () => {
    const roster = new InstanceRoster(1000)
    roster.heard('a', 0)
    expect(roster.remove('a')).toBe(true)
    expect(roster.remove('a')).toBe(false)
    expect(roster.expire(5000)).toEqual([])
  })

  it('gives every instance a fresh timeout after this one could hear nothing', () => {
    const roster = new InstanceRoster(1000)
    roster.heard('a', 0)
    roster.heard('b', 900)
    roster.restartTimeouts(5000)
    expect(roster.expire(5999)).toEqual([])
    expect(roster.expire(6000).sort()).toEqual(['a', 'b'])
  })
})
