/**
 * Seed instances inside one test process: a RoomRegistry with its own
 * metrics over a shared store and bus, as separate servers would share
 * Postgres and Redis; and a client-side document whose edits go through a
 * RecordingMember. For tests of the multi-instance paths below the transport.
 */
import { pino } from 'pino'
import * as Y from 'yjs'
import { Metrics } from '../server/observability/metrics.ts'
import { RoomRegistry, type RoomRegistryOptions } from '../server/room/room-registry.ts'
import type { RoomBus } from '../server/bus/room-bus.ts'
import type { DocumentStore } from '../server/storage/document-store.ts'
import type { RecordingMember } from './recording-member.ts'

export interface RegistryInstance {
  registry: RoomRegistry
  metrics: Metrics
}

export function registryInstance(
  store: DocumentStore,
  bus: RoomBus,
  overrides: Partial<Pick<RoomRegistryOptions, 'maxDocumentBytes' | 'maxLoadedRooms'>> = {},
): RegistryInstance {
  const metrics: Metrics = new Metrics({ loadedRooms: () => registry.loadedRoomCount })
  const registry: RoomRegistry = new RoomRegistry({
    store,
    bus,
    logger: pino({ level: 'silent' }),
    metrics,
    unloadGraceMs: 60_000,
    compactAfterUpdates: 10_000,
    maxDocumentBytes: 1 << 20,
    maxLoadedRooms: 10,
    ...overrides,
  })
  return { registry, metrics }
}

/** A client's document, whose every edit is sent through `member`. */
export function editorFor(member: RecordingMember): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc()
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'server' && member.sendUpdate(update))
  return { doc, text: doc.getText('t') }
}

/** The value of a counter or gauge (summed over labels matching `labels`). */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name)
  if (!metric) throw new Error(`no metric named ${name}`)
  const { values } = await metric.get()
  return values.filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted)).reduce((sum, value) => sum + value.value, 0)
}
