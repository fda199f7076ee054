import {
  CLIENT_MAX_BATCH_MESSAGES,
  encodeBatch,
  httpSessionRequests,
  readPollReply,
  type HttpSessionOpened,
  type HttpSessionRequest,
  type HttpTransportError,
} from '../../shared/http-transport.ts'
import { WS_PATH_PREFIX } from '../../shared/protocol.ts'

/**
 * A WebSocket look-alike over Seed's HTTP fallback endpoints (README "HTTP
 * fallback"; wire format in shared/http-transport.ts). Given to the stock
 * y-websocket provider as its WebSocket class, it carries the same y-protocols
 * messages, so the provider, the connection status, save confirmation and
 * carets all work unchanged over long polling. It runs in the browser and in
 * Node (tests and benchmarks use it through test-support/http-client.ts).
 *
 * It guarantees what the provider relies on from a WebSocket: `onopen` once
 * the server opened a session; messages to `onmessage` whole, in order, each
 * once (polls carry a cursor; what an overlapping or retried poll brings
 * twice is skipped), also as events to listeners; `send` keeps order (one POST at a time, each a batch of
 * what was queued meanwhile); `onclose` exactly once, with the WebSocket close
 * code the server named for the same reason, or 1006 when the server cannot
 * be reached. The token of the URL (`?token=`, as the provider builds it) is
 * sent as `Authorization: Bearer`, never in a URL.
 */

/** A batch carries what queued up to this size (and CLIENT_MAX_BATCH_MESSAGES); a larger message goes alone. */
const MAX_BATCH_BYTES = 64 * 1024
/** Waits before retrying a request that failed on the network; after the last one the connection is lost. */
const RETRY_DELAYS_MS = [250, 1000, 2500]
/** Close code of a connection lost without an answer (as a browser reports a dropped WebSocket). */
export const ABNORMAL_CLOSURE = 1006

interface CloseDetails {
  code: number
  reason: string
  wasClean: boolean
}

type Outcome<T> = { ok: true; value: T } | { ok: false; close: CloseDetails }

export class HttpPollingSocket extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3

  readonly url: string
  binaryType = 'arraybuffer'
  readyState = HttpPollingSocket.CONNECTING
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  private readonly origin: string
  private readonly room: string
  private readonly headers: Record<string, string>
  private session: string | null = null
  private cursor = 0
  private readonly outbox: Uint8Array[] = []
  /** The running drain of the outbox, if any. */
  private flushing: Promise<void> | null = null
  /** Aborts every request of this socket when it closes. */
  private readonly stop = new AbortController()

  /** `url` as the provider builds it: `ws(s)://host/ws/<room>?token=…`. */
  constructor(url: string) {
    super()
    this.url = url
    const parsed = new URL(url)
    this.origin = `${parsed.protocol === 'wss:' ? 'https:' : 'http:'}//${parsed.host}`
    this.room = decodeURIComponent(parsed.pathname.slice(WS_PATH_PREFIX.length + 1))
    const token = parsed.searchParams.get('token')
    this.headers = token === null ? {} : { Authorization: `Bearer ${token}` }
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.leaveWithPage)
    void this.open()
  }

  send(data: ArrayBufferLike | ArrayBufferView): void {
    if (this.readyState !== HttpPollingSocket.OPEN) return
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
    this.outbox.push(bytes.slice())
    void this.flush()
  }

  /** Sends what is queued, then leaves the session, so the others see this caret go at once. */
  close(): void {
    if (this.readyState === HttpPollingSocket.CLOSING || this.readyState === HttpPollingSocket.CLOSED) return
    const session = this.session
    this.readyState = HttpPollingSocket.CLOSING
    void (async () => {
      if (session !== null) {
        await this.flush()
        await this.leave(session)
      }
      this.finish({ code: 1000, reason: '', wasClean: true })
    })()
  }

  /** A page being closed cannot wait for the outbox: it leaves at once, so the others see its caret go now. */
  private readonly leaveWithPage = (): void => {
    if (this.session !== null) this.leave(this.session)
    this.finish({ code: 1001, reason: 'The page was closed', wasClean: true })
  }

  private leave(session: string): Promise<unknown> {
    // keepalive: the request outlives a page being closed.
    const { path, method } = httpSessionRequests.leave(this.room, session)
    return fetch(this.origin + path, { method, headers: this.headers, keepalive: true }).catch(() => undefined)
  }

  private async open(): Promise<void> {
    // Not retried here: the provider's own backoff decides when to try again, and over which wire.
    const opened = await this.request<HttpSessionOpened>(httpSessionRequests.open(this.room), (response) => response.json(), false)
    if (!opened.ok) return this.finish(opened.close)
    if (this.readyState !== HttpPollingSocket.CONNECTING) {
      // Closed while opening: leave the session that was opened meanwhile.
      void this.leave(opened.value.session)
      return
    }
    this.session = opened.value.session
    this.cursor = opened.value.cursor
    this.readyState = HttpPollingSocket.OPEN
    this.emit(new Event('open'))
    void this.flush()
    void this.pollLoop(opened.value.session)
  }

  private async pollLoop(session: string): Promise<void> {
    while (this.readyState === HttpPollingSocket.OPEN) {
      const polled = await this.request(httpSessionRequests.poll(this.room, session, this.cursor), readPollReply)
      if (this.readyState !== HttpPollingSocket.OPEN) return
      if (!polled.ok) return this.finish(polled.close)
      const { firstSeq, reset, messages } = polled.value
      // A reset jumps over what cannot be served any more; a full sync follows from there.
      if (reset && firstSeq > this.cursor) this.cursor = firstSeq
      messages.forEach((message, index) => {
        const seq = firstSeq + index
        if (seq < this.cursor || this.readyState !== HttpPollingSocket.OPEN) return
        this.cursor = seq + 1
        this.emit(new MessageEvent('message', { data: message.slice().buffer }))
      })
    }
  }

  /** POSTs what is queued, one batch at a time, in order; resolves once the outbox is empty or the socket ended. */
  private flush(): Promise<void> {
    if (this.flushing === null && this.session !== null) {
      this.flushing = this.drain(this.session).finally(() => (this.flushing = null))
    }
    return this.flushing ?? Promise.resolve()
  }

  private async drain(session: string): Promise<void> {
    while (this.outbox.length > 0 && this.readyState !== HttpPollingSocket.CLOSED) {
      const batch = takeBatch(this.outbox)
      const sent = await this.request(
        { ...httpSessionRequests.send(this.room, session, encodeBatch(batch)), keepalive: this.readyState === HttpPollingSocket.CLOSING },
        async () => undefined,
      )
      if (!sent.ok) {
        this.finish(sent.close)
        return
      }
    }
  }

  /**
   * One request, with `retry` retried on network failures and on 429 (after its
   * Retry-After): the cursor makes a retried poll safe, and y-protocols messages
   * applied twice change nothing, so a retried POST is safe too.
   */
  private async request<T>(
    { path, ...init }: HttpSessionRequest & { keepalive?: boolean },
    read: (response: Response) => Promise<T>,
    retry = true,
  ): Promise<Outcome<T>> {
    const retries = retry ? RETRY_DELAYS_MS.length : 0
    for (let attempt = 0; ; attempt++) {
      let response: Response
      try {
        response = await fetch(this.origin + path, { ...init, headers: { ...this.headers, ...init.headers }, signal: this.stop.signal })
        if (response.ok) return { ok: true, value: await read(response) }
      } catch {
        if (this.stop.signal.aborted) return { ok: false, close: { code: ABNORMAL_CLOSURE, reason: '', wasClean: false } }
        if (attempt >= retries) return { ok: false, close: { code: ABNORMAL_CLOSURE, reason: 'The server cannot be reached', wasClean: false } }
        await delay(RETRY_DELAYS_MS[attempt]!)
        continue
      }
      if (response.status === 429 && attempt < retries) {
        await delay(Number(response.headers.get('Retry-After') ?? 1) * 1000)
        continue
      }
      return { ok: false, close: await closeDetails(response) }
    }
  }

  private finish(close: CloseDetails): void {
    if (this.readyState === HttpPollingSocket.CLOSED) return
    this.readyState = HttpPollingSocket.CLOSED
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.leaveWithPage)
    this.outbox.length = 0
    this.stop.abort()
    this.emit(Object.assign(new Event('close'), close))
  }

  /**
   * To listeners, then to the `on…` handler (what the provider uses): a WebSocket
   * calls them in the order they were added, and listeners added right after
   * construction come before the handler the provider sets.
   */
  private emit(event: Event): void {
    this.dispatchEvent(event)
    const handler = { open: this.onopen, message: this.onmessage, close: this.onclose }[event.type as 'open' | 'message' | 'close']
    ;(handler as ((event: Event) => void) | null)?.(event)
  }
}

/** The server's reason (`{ error, closeCode }`), or the status alone when the answer is not Seed's (a proxy's error page). */
async function closeDetails(response: Response): Promise<CloseDetails> {
  try {
    const body = (await response.json()) as HttpTransportError
    if (typeof body.closeCode === 'number') return { code: body.closeCode, reason: body.error, wasClean: true }
  } catch {
    // Not JSON: a proxy answered.
  }
  return { code: ABNORMAL_CLOSURE, reason: `HTTP ${response.status}`, wasClean: false }
}

function takeBatch(outbox: Uint8Array[]): Uint8Array[] {
  const batch = [outbox.shift()!]
  let bytes = batch[0]!.byteLength
  while (outbox.length > 0 && batch.length < CLIENT_MAX_BATCH_MESSAGES && bytes + outbox[0]!.byteLength <= MAX_BATCH_BYTES) {
    bytes += outbox[0]!.byteLength
    batch.push(outbox.shift()!)
  }
  return batch
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
