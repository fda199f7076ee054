/**
 * What a webhook says, as Standard Webhooks lays a payload out:
 * `{ type, timestamp, data }` (https://www.standardwebhooks.com).
 */
import type { Writer } from '../storage/document-store.ts'
import type { VersionView } from '../documents/version-view.ts'

export type WebhookEventType = 'document.created' | 'document.updated' | 'document.deleted' | 'version.created'

export interface DocumentEventData {
  /** The document (room) id. */
  readonly id: string
}

export interface DocumentUpdatedData extends DocumentEventData {
  /** The title as people see it in the app ('' for a document with no text). */
  readonly title: string
  /** The highest stored seq the event reports. */
  readonly seq: number
  /** Who wrote since the document's previous document.updated, each once. */
  readonly writers: readonly Writer[]
  /** Stored size of the document. */
  readonly bytes: number
}

/** A version as the document API lists it (GET /api/v1/documents/<id>/versions). */
export interface VersionCreatedData extends DocumentEventData {
  readonly version: VersionView
}

export type WebhookEventData = DocumentEventData | DocumentUpdatedData | VersionCreatedData

export interface WebhookEvent {
  readonly type: WebhookEventType
  readonly room: string
  /** When it happened (ms since the epoch); for document.updated, the last change it reports. */
  readonly occurredAt: number
  readonly data: WebhookEventData
}

/** The body POSTed for an event: the same bytes on every attempt, since they are what the signature covers. */
export function webhookBody(event: Pick<WebhookEvent, 'type' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ type: event.type, timestamp: new Date(event.occurredAt).toISOString(), data: event.data })
}

/** Writers of both lists, each once (equal subject and name), in the order first seen. */
export function mergeWriters(kept: readonly Writer[], added: readonly Writer[]): Writer[] {
  const merged = [...kept]
  for (const writer of added) {
    if (!merged.some((other) => other.subject === writer.subject && other.name === writer.name)) merged.push(writer)
  }
  return merged
}
