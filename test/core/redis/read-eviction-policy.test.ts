import { afterAll, describe, expect, it } from '@jest/globals';
import type { Redis } from '../../../core/redis/create-redis-client.js';
import { readEvictionPolicy } from '../../../core/redis/read-eviction-policy.js';
import { createTestRedis } from '../../support/test-resources.js';

const redis = createTestRedis('eviction');
afterAll(() => redis.disconnect());

/** A client answering CONFIG GET as a differently configured or locked-down Redis would. */
function redisAnswering(config: () => Promise<unknown>): Redis {
  return { config } as unknown as Redis;
}

describe('the Redis eviction policy check', () => {
  it('accepts the noeviction policy of the Redis the tests run on', async () => {
    expect(await readEvictionPolicy(redis)).toEqual({ policy: 'noeviction', ok: true });
  });

  it('warns, naming the policy and the fix, when Redis may evict keys', async () => {
    const check = await readEvictionPolicy(redisAnswering(async () => ['maxmemory-policy', 'allkeys-lru']));
    expect(check.ok).toBe(false);
    expect(check.warning).toMatch(/allkeys-lru: set it to noeviction/);
  });

  it('warns that the policy is unknown when CONFIG is refused', async () => {
    const check = await readEvictionPolicy(
      redisAnswering(async () => {
        throw new Error("ERR unknown command 'CONFIG'");
      }),
    );
    expect(check).toMatchObject({ policy: undefined, ok: false });
    expect(check.warning).toMatch(/Cannot read Redis maxmemory-policy/);
  });
});
