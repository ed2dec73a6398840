import type { Redis } from '../redis/create-redis-client.js';
import type { JobKeys } from './job-keys.js';

/**
 * KEYS: project slots. ARGV: now, holder, lease expiry, limit, key TTL ms.
 * Expired leases (a crashed worker) are dropped first; a holder already present keeps its slot.
 * Returns 1 when the slot is held, 0 when the project is at its limit.
 */
const acquireScript = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/** KEYS: project slots. ARGV: holder, lease expiry, key TTL ms. Extends (or restores) one lease. */
const renewScript = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

interface RedisWithSlotScripts extends Redis {
  switchyardJobSlotAcquire(key: string, ...values: (string | number)[]): Promise<number>;
  switchyardJobSlotRenew(key: string, ...values: (string | number)[]): Promise<number>;
}

/** A per-project semaphore shared by every worker: at most `limit` jobs of one project run at once. */
export interface ProjectSlots {
  /** Takes a slot for `holder` (unique per job run); false when the project is at its limit. */
  acquire(projectId: string, holder: string): Promise<boolean>;
  /** Extends the lease of a held slot; call it more often than the lease lasts. */
  renew(projectId: string, holder: string): Promise<void>;
  release(projectId: string, holder: string): Promise<void>;
  /** How long a slot is held without renewal (a crashed worker's slot frees itself after this). */
  readonly leaseMs: number;
}

/**
 * Redis semaphore with leases (a sorted set scored by expiry), because BullMQ's group limits are not in
 * the open-source edition. The caller moves a job that gets no slot back to delayed.
 */
export function createProjectSlots(options: {
  redis: Redis;
  keys: JobKeys;
  limit: number;
  leaseMs: number;
  now?: () => number;
}): ProjectSlots {
  const { keys, limit, leaseMs } = options;
  if (!(Number.isSafeInteger(limit) && limit > 0)) throw new RangeError('limit must be a positive integer');
  const now = options.now ?? Date.now;
  const redis = options.redis as RedisWithSlotScripts;
  if (!('switchyardJobSlotAcquire' in redis)) {
    options.redis.defineCommand('switchyardJobSlotAcquire', { numberOfKeys: 1, lua: acquireScript });
    options.redis.defineCommand('switchyardJobSlotRenew', { numberOfKeys: 1, lua: renewScript });
  }
  const keyTtlMs = leaseMs * 2;
  return {
    leaseMs,
    async acquire(projectId, holder) {
      const time = now();
      const held = await redis.switchyardJobSlotAcquire(
        keys.projectSlots(projectId),
        time,
        holder,
        time + leaseMs,
        limit,
        keyTtlMs,
      );
      return held === 1;
    },
    async renew(projectId, holder) {
      await redis.switchyardJobSlotRenew(keys.projectSlots(projectId), holder, now() + leaseMs, keyTtlMs);
    },
    async release(projectId, holder) {
      await options.redis.zrem(keys.projectSlots(projectId), holder);
    },
  };
}
