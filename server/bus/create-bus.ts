/** Picks the RoomBus: Redis in cluster mode (REDIS_URL), the in-process bus for a single instance. */
import type { Logger } from 'pino'
import type { ClusterConfig } from '../config.ts'
import type { Metrics } from '../observability/metrics.ts'
import { InProcessBus } from './in-process-bus.ts'
import type { RoomBus } from './room-bus.ts'

/** `instance` names this process on the bus, the same id its log lines carry. */
export async function createRoomBus(cluster: ClusterConfig | null, instance: string, logger: Logger, metrics: Metrics): Promise<RoomBus> {
  if (!cluster) return new InProcessBus()
  // Loaded only in cluster mode: ioredis holds some MiB of memory a single instance never needs.
  const { RedisBus } = await import('./redis-bus.ts')
  return RedisBus.connect({
    url: cluster.redisUrl,
    instance,
    logger,
    metrics,
    heartbeatIntervalMs: cluster.heartbeatIntervalMs,
    instanceTimeoutMs: cluster.instanceTimeoutMs,
    channelPrefix: cluster.channelPrefix,
  })
}
