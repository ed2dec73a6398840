import { createHash } from 'node:crypto';
import type { Redis } from '../redis/create-redis-client.js';

/** Counts failed sign-ins per email and client address in Redis. */
export interface LoginLimiter {
  /** Seconds to wait before trying again, or 0 when a sign-in may be attempted. */
  retryAfterSeconds(email: string, ipAddress: string): Promise<number>;
  recordFailure(email: string, ipAddress: string): Promise<void>;
  /** Forgets the failures after a successful sign-in. */
  reset(email: string, ipAddress: string): Promise<void>;
}

export interface LoginLimiterOptions {
  redis: Redis;
  keyPrefix: string;
  /** Failures allowed in one window. */
  maxFailures?: number;
  windowSeconds?: number;
}

/**
 * Creates the failed-login limiter: after `maxFailures` (default 5) failures for one email from one
 * address within `windowSeconds` (default 15 minutes), sign-ins are refused until the window ends.
 * The key holds a hash, so Redis never stores the email.
 */
export function createLoginLimiter(options: LoginLimiterOptions): LoginLimiter {
  const { redis } = options;
  const maxFailures = options.maxFailures ?? 5;
  const windowSeconds = options.windowSeconds ?? 900;
  const keyOf = (email: string, ipAddress: string) =>
    `${options.keyPrefix}auth:login-failures:${createHash('sha256').update(`${email}\n${ipAddress}`).digest('hex')}`;

  return {
    async retryAfterSeconds(email, ipAddress) {
      const key = keyOf(email, ipAddress);
      const failures = Number((await redis.get(key)) ?? 0);
      if (failures < maxFailures) return 0;
      return Math.max(1, await redis.ttl(key));
    },
    async recordFailure(email, ipAddress) {
      const key = keyOf(email, ipAddress);
      // The window starts at the first failure and is not extended by later ones.
      await redis.multi().incr(key).expire(key, windowSeconds, 'NX').exec();
    },
    async reset(email, ipAddress) {
      await redis.del(keyOf(email, ipAddress));
    },
  };
}
