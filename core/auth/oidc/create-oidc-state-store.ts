import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../../redis/create-redis-client.js';

/** What a sign-in started with and its callback needs back. */
export interface PendingOidcSignIn {
  nonce: string;
  codeVerifier: string;
  /** The page's hash route to land on, `#/…`. */
  returnTo: string;
}

/** Sign-ins under way, by their `state`, each usable once. */
export interface OidcStateStore {
  save(state: string, pending: PendingOidcSignIn): Promise<void>;
  /** The sign-in of `state`, removed as it is read; undefined when unknown, expired or used already. */
  take(state: string): Promise<PendingOidcSignIn | undefined>;
  /**
   * Counts a sign-in started from `ipAddress`; false once it started more than `maxStartsPerAddress` within
   * the state TTL. Each start stores a state, so an anonymous flood must not be able to fill Redis.
   */
  admitStart(ipAddress: string): Promise<boolean>;
}

export interface OidcStateStoreOptions {
  redis: Redis;
  keyPrefix: string;
  /** How long a person has between leaving for the identity provider and coming back (default 10 minutes). */
  ttlSeconds?: number;
  /** Sign-ins one address may start within the TTL (default 300: an office behind one NAT address signs in together). */
  maxStartsPerAddress?: number;
}

const pendingSchema = z.object({ nonce: z.string(), codeVerifier: z.string(), returnTo: z.string() });

/** Keeps pending sign-ins in Redis under the SHA-256 of their state, so a key read from Redis is no state. */
export function createOidcStateStore(options: OidcStateStoreOptions): OidcStateStore {
  const { redis } = options;
  const ttlSeconds = options.ttlSeconds ?? 600;
  const maxStarts = options.maxStartsPerAddress ?? 300;
  const keyOf = (state: string) =>
    `${options.keyPrefix}auth:oidc-state:${createHash('sha256').update(state, 'utf8').digest('hex')}`;

  return {
    async save(state, pending) {
      await redis.set(keyOf(state), JSON.stringify(pending), 'EX', ttlSeconds);
    },
    async admitStart(ipAddress) {
      const key = `${options.keyPrefix}auth:oidc-starts:${createHash('sha256').update(ipAddress).digest('hex')}`;
      const [[, count]] = (await redis.multi().incr(key).expire(key, ttlSeconds, 'NX').exec()) as [
        [Error | null, number],
        unknown,
      ];
      return count <= maxStarts;
    },
    async take(state) {
      const stored = await redis.getdel(keyOf(state));
      if (stored === null) return undefined;
      try {
        const parsed = pendingSchema.safeParse(JSON.parse(stored));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
