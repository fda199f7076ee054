/**
 * A bare client of the HTTP fallback endpoints for tests that need to drive
 * the wire itself (overlapping and retried polls, stale cursors, bad bodies).
 * Tests that only need a working client use connectClient(..., { transport: 'http' })
 * from node-client.ts, the app's own HttpPollingSocket under a stock provider.
 */
import {
  BATCH_CONTENT_TYPE,
  decodePollReply,
  encodeBatch,
  httpMessagesPath,
  httpSessionPath,
  httpSessionsPath,
  type HttpSessionOpened,
  type HttpTransportError,
  type PollReply,
} from '../shared/http-transport.ts'

export interface HttpRefusal {
  status: number
  body: HttpTransportError
}

export class RawHttpSession {
  private constructor(
    private readonly baseUrl: string,
    readonly room: string,
    readonly id: string,
    private readonly headers: Record<string, string>,
  ) {}

  /** Opens a session; `baseUrl` is the server's http://host:port/. */
  static async open(baseUrl: string, room: string, headers: Record<string, string> = {}): Promise<RawHttpSession> {
    const response = await fetch(new URL(httpSessionsPath(room), baseUrl), { method: 'POST', headers })
    if (response.status !== 201) throw new Error(`Opening an HTTP session answered ${response.status}: ${await response.text()}`)
    const opened = (await response.json()) as HttpSessionOpened
    return new RawHttpSession(baseUrl, room, opened.session, headers)
  }

  /** POSTs `body` (a batch unless given raw bytes) and returns the response. */
  send(messages: Uint8Array[] | { raw: Uint8Array; contentType?: string }): Promise<Response> {
    const body = Array.isArray(messages) ? encodeBatch(messages) : messages.raw
    const contentType = Array.isArray(messages) ? BATCH_CONTENT_TYPE : (messages.contentType ?? BATCH_CONTENT_TYPE)
    return fetch(this.url(httpMessagesPath(this.room, this.id)), {
      method: 'POST',
      headers: { ...this.headers, 'Content-Type': contentType },
      body: new Blob([body as Uint8Array<ArrayBuffer>]),
    })
  }

  /** The raw answer to a poll with `cursor` (any text, for bad cursors). */
  pollResponse(cursor: number | string, signal?: AbortSignal): Promise<Response> {
    return fetch(this.url(`${httpMessagesPath(this.room, this.id)}?cursor=${cursor}`), { headers: this.headers, signal })
  }

  /** A poll that must succeed. */
  async poll(cursor: number, signal?: AbortSignal): Promise<PollReply> {
    const response = await this.pollResponse(cursor, signal)
    if (response.status !== 200) throw new Error(`Poll with cursor ${cursor} answered ${response.status}: ${await response.text()}`)
    return decodePollReply(new Uint8Array(await response.arrayBuffer()))
  }

  async leave(): Promise<number> {
    const response = await fetch(this.url(httpSessionPath(this.room, this.id)), { method: 'DELETE', headers: this.headers })
    return response.status
  }

  private url(path: string): URL {
    return new URL(path, this.baseUrl)
  }
}

/** Status and `{ error, closeCode }` of an answer that is expected to refuse. */
export async function refusalOf(response: Response): Promise<HttpRefusal> {
  return { status: response.status, body: (await response.json()) as HttpTransportError }
}
