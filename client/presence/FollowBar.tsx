import { useEffect, useRef } from 'react'
import type { WebsocketProvider } from 'y-websocket'
import { peopleFromAwareness } from './people.ts'
import { useFollowBarSpace } from './use-follow-bar-space.ts'
import type { CaretFollower, FollowEnd, FollowState } from './caret-follower.ts'

/** A note that following ended stays this long, then goes (it is also read out). */
const ENDED_NOTE_MS = 6_000

const ENDINGS: Record<FollowEnd, string> = {
  scrolled: 'you scrolled',
  edited: 'you are editing',
  left: 'they left',
  disconnected: 'the connection dropped',
  stopped: 'you stopped it',
}

function nameOf(provider: WebsocketProvider, clientId: number): string | undefined {
  const { awareness } = provider
  return peopleFromAwareness(awareness.getStates(), awareness.clientID).find((person) => person.clientId === clientId)?.name
}

/** Says where a jump went and whom you follow, with Follow and Stop; floats over the bottom of the document. */
export function FollowBar({ follower, state, provider }: { follower: CaretFollower; state: FollowState; provider: WebsocketProvider }) {
  // Someone who left is no longer in awareness: keep the name they had.
  const names = useRef(new Map<number, string>())
  const bar = useRef<HTMLDivElement>(null)
  useFollowBarSpace(bar)
  useEffect(() => {
    if (state.kind !== 'ended') return
    const timer = setTimeout(follower.dismiss, ENDED_NOTE_MS)
    return () => clearTimeout(timer)
  }, [state, follower])

  // The live region stays in the page, empty, so that what appears in it is read out.
  if (state.kind === 'idle') return <div ref={bar} className="follow-bar" role="status" data-testid="follow-bar" />
  const name = nameOf(provider, state.clientId) ?? names.current.get(state.clientId) ?? 'They'
  names.current.set(state.clientId, name)
  const close = (
    <button type="button" className="follow-bar__close" onClick={follower.dismiss}>
      Close
    </button>
  )
  return (
    <div ref={bar} className="follow-bar" role="status" data-testid="follow-bar" data-state={state.kind}>
      {state.kind === 'jumped' && !state.found && (
        <>
          <span className="follow-bar__text">{name} has no cursor in the document right now.</span>
          {close}
        </>
      )}
      {state.kind === 'jumped' && state.found && (
        <>
          <span className="follow-bar__text">At {name}’s cursor.</span>
          <button type="button" className="button button--primary button--small" onClick={() => follower.follow(state.clientId)}>
            Follow {name}
          </button>
          {close}
        </>
      )}
      {state.kind === 'following' && (
        <>
          <span className="follow-bar__text">Following {name} — scroll or type to stop.</span>
          <button type="button" className="button button--ghost button--small" onClick={() => follower.stop()}>
            Stop following
          </button>
        </>
      )}
      {state.kind === 'ended' && (
        <>
          <span className="follow-bar__text">
            Stopped following {name}: {ENDINGS[state.reason]}.
          </span>
          {close}
        </>
      )}
    </div>
  )
}
