/**
 * One attempt to deliver a webhook: a POST of its JSON body, signed per
 * Standard Webhooks (the `standardwebhooks` package: webhook-id,
 * webhook-timestamp, webhook-signature), so a receiver verifies it with any
 * stock library. A 2xx answer means delivered; anything else, or no answer
 * within the timeout, is a failure to retry.
 */
import { Webhook } from 'standardwebhooks'

/** What an attempt got: the status of an answer, or why none came. */
export type AttemptResult = { readonly ok: boolean; readonly status: number; readonly error: string | null } | { readonly ok: false; readonly status: null; readonly error: string }

export class WebhookSender {
  private readonly signer: Webhook

  constructor(
    secret: string,
    private readonly timeoutMs: number,
  ) {
    this.signer = new Webhook(secret)
  }

  /** Never rejects: a failure is a result. `abort` cuts the attempt short (shutdown). */
  async send(delivery: { readonly id: string; readonly url: string }, body: string, abort: AbortSignal): Promise<AttemptResult> {
    const sentAt = new Date()
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Seed-Webhooks',
          'webhook-id': delivery.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(delivery.id, sentAt, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([abort, AbortSignal.timeout(this.timeoutMs)]),
      })
      // The body is the receiver's business; reading it only frees the connection.
      await response.body?.cancel()
      const ok = response.status >= 200 && response.status < 300
      return { ok, status: response.status, error: ok ? null : `the receiver answered ${response.status}` }
    } catch (error) {
      return { ok: false, status: null, error: describeFailure(error, this.timeoutMs) }
    }
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  if (error instanceof DOMException && error.name === 'AbortError') return 'cut short: the server is shutting down'
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null
  return `could not reach the receiver${cause ? ` (${cause})` : ''}`
}
