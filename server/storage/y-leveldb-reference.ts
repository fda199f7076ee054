/**
 * Typed access to y-leveldb, used only by tests and tools to prove that data
 * directories written by the reference server open in Seed. y-leveldb exposes
 * no types through its package exports (TS7016), so this declares the part we use.
 */
// @ts-expect-error y-leveldb ships types but does not export them.
import * as yLeveldb from 'y-leveldb'

export interface LeveldbPersistence {
  storeUpdate(docName: string, update: Uint8Array): Promise<number>
  getYDoc(docName: string): Promise<import('yjs').Doc>
  getAllDocNames(): Promise<string[]>
  destroy(): Promise<void>
}

export const LeveldbPersistence = (yLeveldb as { LeveldbPersistence: new (location: string) => LeveldbPersistence }).LeveldbPersistence
