import { Redis } from 'ioredis';

export type { Redis };

/**
 * An ioredis client with auto-pipelining: commands issued in the same tick (budget reserve, rate-limit
 * take, breaker record) travel in one round trip.
 */
export function createRedisClient(options: { redisUrl: string; name: string; lazyConnect?: boolean }): Redis {
  return new Redis(options.redisUrl, {
    connectionName: `switchyard-${options.name}`,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 2,
    lazyConnect: options.lazyConnect ?? false,
  });
}
