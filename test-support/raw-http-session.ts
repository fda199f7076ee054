/**
 * A bare client of the HTTP fallback endpoints for tests that need to drive
 * the wire itself (overlapping and retried polls, stale cursors, bad bodies).
 * Tests that only need a working client use connectClient(..., { transport: 'http' })
 * from node-client.ts, the app's own HttpPollingSocket under a stock provider.
 */
import { encodeBatch, httpSessionRequests, readPollReply, type HttpSessionOpened, type HttpSessionRequest, type HttpTransportError, type PollReply } from '../shared/http-transport.ts'

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
    const response = await fetchFrom(baseUrl, httpSessionRequests.open(room), headers)
    if (response.status !== 201) throw new Error(`Opening an HTTP session answered ${response.status}: ${await response.text()}`)
    const opened = (await response.json()) as HttpSessionOpened
    return new RawHttpSession(baseUrl, room, opened.session, headers)
  }

  /** POSTs `body` (a batch unless given raw bytes) and returns the response. */
  send(messages: Uint8Array[] | { raw: Uint8Array; contentType?: string }, signal?: AbortSignal): Promise<Response> {
    const request = Array.isArray(messages)
      ? httpSessionRequests.send(this.room, this.id, encodeBatch(messages))
      : httpSessionRequests.send(this.room, this.id, messages.raw, messages.contentType)
    return fetchFrom(this.baseUrl, request, this.headers, signal)
  }

  /** The raw answer to a poll with `cursor` (any text, for bad cursors). */
  pollResponse(cursor: number | string, signal?: AbortSignal): Promise<Response> {
    return fetchFrom(this.baseUrl, httpSessionRequests.poll(this.room, this.id, cursor), this.headers, signal)
  }

  /** A poll that must succeed. */
  async poll(cursor: number, signal?: AbortSignal): Promise<PollReply> {
    const response = await this.pollResponse(cursor, signal)
    if (response.status !== 200) throw new Error(`Poll with cursor ${cursor} answered ${response.status}: ${await response.text()}`)
    return readPollReply(response)
  }

  async leave(): Promise<number> {
    const response = await fetchFrom(this.baseUrl, httpSessionRequests.leave(this.room, this.id), this.headers)
    return response.status
  }
}

function fetchFrom(baseUrl: string, { path, headers, ...init }: HttpSessionRequest, extraHeaders: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(new URL(path, baseUrl), { ...init, headers: { ...extraHeaders, ...headers }, signal })
}

/** Status and `{ error, closeCode }` of an answer that is expected to refuse. */
export async function refusalOf(response: Response): Promise<HttpRefusal> {
  return { status: response.status, body: (await response.json()) as HttpTransportError }
}
