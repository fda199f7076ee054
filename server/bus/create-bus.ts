/** Picks the RoomBus: Redis in cluster mode (REDIS_URL), the in-process bus for a single instance. */
import type { Logger } from 'pino'
import type { ClusterConfig } from '../config.ts'
import type { Metrics } from '../observability/metrics.ts'
import { InProcessBus } from './in-process-bus.ts'
import type { RoomBus } from './room-bus.ts'

export async function createRoomBus(cluster: ClusterConfig | null, logger: Logger, metrics: Metrics): Promise<RoomBus> {
  if (!cluster) return new InProcessBus()
  // Loaded only in cluster mode: ioredis holds some MiB of memory a single instance never needs.
  const { RedisBus } = await import('./redis-bus.ts')
  return RedisBus.connect({
    url: cluster.redisUrl,
    logger,
    metrics,
    heartbeatIntervalMs: cluster.heartbeatIntervalMs,
    instanceTimeoutMs: cluster.instanceTimeoutMs,
    channelPrefix: cluster.channelPrefix,
  })
}
