import type { Redis } from './create-redis-client.js';

/** Redis's `maxmemory-policy`, and whether Switchyard can rely on it. */
export interface EvictionPolicyCheck {
  policy: string | undefined;
  ok: boolean;
  warning?: string;
}

/**
 * BullMQ's queues, budget counters and leases are only safe when Redis never evicts keys. Managed Redis
 * services sometimes forbid CONFIG: then the policy is unknown, which is reported, not treated as fine.
 */
export async function readEvictionPolicy(redis: Redis): Promise<EvictionPolicyCheck> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    return {
      policy: undefined,
      ok: false,
      warning:
        'Cannot read Redis maxmemory-policy (CONFIG GET refused): make sure it is noeviction, or queued jobs and budget counters may be evicted',
    };
  }
  if (policy === 'noeviction') return { policy, ok: true };
  return {
    policy,
    ok: false,
    warning: `Redis maxmemory-policy is ${policy ?? 'unset'}: set it to noeviction (redis-server --maxmemory-policy noeviction), or queued jobs and budget counters may be evicted`,
  };
}
