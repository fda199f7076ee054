import { describe, expect, it } from 'vitest'
import { openRawSocket, type RawSocket } from '../../test-support/raw-socket.ts'
import { MALFORMED_UPGRADES, sendMalformedUpgrade, type MalformedUpgrade } from '../../test-support/malformed-upgrades.ts'
import { useServerPerTest } from '../../test-support/server-per-test.ts'

const SLOTS = 4

describe('admission slots and handshakes that never complete', () => {
  const harness = useServerPerTest()

  /** Sends each upgrade `rounds` times from this one address to one room, then opens as many good connections to it as the limits allow. */
  async function crowdThenOpen(upgrades: readonly MalformedUpgrade[], rounds: number): Promise<void> {
    const server = await harness.start({ MAX_CONNECTIONS_PER_IP: String(SLOTS), MAX_CONNECTIONS_PER_ROOM: String(SLOTS) })
    for (let round = 0; round < rounds; round++) {
      await Promise.all(upgrades.map((upgrade) => sendMalformedUpgrade(server.url, '/ws/crowded', upgrade)))
    }
    const sockets: RawSocket[] = []
    for (let i = 0; i < SLOTS; i++) sockets.push(await openOnceAdmitted(server.wsUrl, 'crowded'))
    expect(sockets.every((raw) => raw.socket.readyState === raw.socket.OPEN)).toBe(true)
    for (const raw of sockets) raw.socket.close()
  }

  /**
   * Opens a socket, trying again while the server refuses it with 429: an
   * abandoned upgrade's slot comes back when the server sees its socket close,
   * which may be just after this client did. A slot that never comes back
   * fails the test at the deadline.
   */
  async function openOnceAdmitted(wsUrl: string, room: string): Promise<RawSocket> {
    const deadline = Date.now() + 10_000
    for (;;) {
      try {
        return await openRawSocket(wsUrl, room)
      } catch (error) {
        if (!/429/.test(String(error)) || Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
  }

  it('reserves nothing for upgrades whose headers ws would refuse (key, version, protocol, Upgrade, method)', async () => {
    const refused = MALFORMED_UPGRADES.filter((upgrade) => upgrade.then === 'wait')
    await crowdThenOpen(refused, Math.ceil(300 / refused.length))
  })

  it('gives back the slots of valid upgrades whose socket closes or half-closes before the handshake ends', async () => {
    const abandoned = MALFORMED_UPGRADES.filter((upgrade) => upgrade.then !== 'wait')
    await crowdThenOpen(abandoned, 150)
  })
})
