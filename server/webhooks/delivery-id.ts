import { randomBytes } from 'node:crypto'

/** A webhook-id: unique per delivery, in the `msg_…` form Standard Webhooks' examples use. */
export function deliveryId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`
}
