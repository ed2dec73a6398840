import type { PrismaClient } from '../db/create-prisma-client.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { subscribeToChannel } from '../redis/subscribe-to-channel.js';
import { createBoundedCache } from './create-bounded-cache.js';
import { hashApiKey, looksLikeApiKey } from './hash-api-key.js';
import { apiKeyRevocationChannel } from './revoke-api-key.js';

/** Who a valid project API key belongs to. */
export interface ApiKeyIdentity {
  apiKeyId: string;
  projectId: string;
  organizationId: string;
}

/** Resolves project API keys on the gateway's hot path. */
export interface ApiKeyAuthenticator {
  /** The key's owner, or null for an unknown, revoked or deactivated key. Usually answered from memory. */
  authenticateApiKey(key: string): Promise<ApiKeyIdentity | null>;
  /** Drops a key from this process's cache at once (revokeApiKey tells the other processes). */
  forgetApiKey(apiKeyId: string): void;
  /** Resolves when revocations from other processes are being received. */
  ready: Promise<void>;
  /** Writes pending `lastUsedAt` updates and stops listening. */
  close(): Promise<void>;
}

export interface ApiKeyAuthenticatorOptions {
  prisma: PrismaClient;
  redis: Redis;
  logger: Logger;
  keyPrefix: string;
  positiveTimeToLiveMs?: number;
  negativeTimeToLiveMs?: number;
  maxEntries?: number;
  /** `lastUsedAt` is written at most this often per key. */
  lastUsedIntervalMs?: number;
  lastUsedFlushMs?: number;
}

/**
 * Creates the API key authenticator: SHA-256 lookup (no secret is compared byte by byte, so nothing leaks
 * through timing), valid keys cached ~60 s and unknown ones ~5 s, revocations pushed by Redis pub/sub,
 * and `lastUsedAt` written in the background at most once a minute per key.
 */
export function createApiKeyAuthenticator(options: ApiKeyAuthenticatorOptions): ApiKeyAuthenticator {
  const { prisma, logger } = options;
  const positiveTimeToLiveMs = options.positiveTimeToLiveMs ?? 60_000;
  const negativeTimeToLiveMs = options.negativeTimeToLiveMs ?? 5_000;
  const lastUsedIntervalMs = options.lastUsedIntervalMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  // Separate caches so a flood of wrong keys cannot evict the valid ones.
  const valid = createBoundedCache<ApiKeyIdentity>({ maxEntries });
  const unknown = createBoundedCache<true>({ maxEntries });
  const lookups = new Map<string, Promise<ApiKeyIdentity | null>>();
  const lastUsedWrittenAt = new Map<string, number>();
  const pendingLastUsed = new Set<string>();
  // Bumped by every revocation: a lookup that started before one must not cache what it read.
  let revocationGeneration = 0;

  const forgetApiKey = (apiKeyId: string) => {
    revocationGeneration += 1;
    valid.deleteWhere((identity) => identity.apiKeyId === apiKeyId);
  };

  const subscription = subscribeToChannel({
    redis: options.redis,
    channel: apiKeyRevocationChannel(options.keyPrefix),
    logger,
    onMessage: forgetApiKey,
    onReconnect: () => {
      revocationGeneration += 1;
      valid.clear();
    },
  });

  async function lookUp(hash: string): Promise<ApiKeyIdentity | null> {
    const generation = revocationGeneration;
    const row = await prisma.apiKey.findUnique({
      where: { hash },
      select: {
        id: true,
        projectId: true,
        revokedAt: true,
        project: {
          select: {
            organizationId: true,
            deactivatedAt: true,
            organization: { select: { deactivatedAt: true } },
          },
        },
      },
    });
    const usable =
      row !== null && !row.revokedAt && !row.project.deactivatedAt && !row.project.organization.deactivatedAt;
    const identity = usable
      ? { apiKeyId: row.id, projectId: row.projectId, organizationId: row.project.organizationId }
      : null;
    if (generation === revocationGeneration) {
      if (identity) valid.set(hash, identity, positiveTimeToLiveMs);
      else unknown.set(hash, true, negativeTimeToLiveMs);
    }
    return identity;
  }

  function noteUse(apiKeyId: string): void {
    const now = Date.now();
    if (now - (lastUsedWrittenAt.get(apiKeyId) ?? 0) < lastUsedIntervalMs) return;
    lastUsedWrittenAt.set(apiKeyId, now);
    pendingLastUsed.add(apiKeyId);
  }

  async function flushLastUsed(): Promise<void> {
    if (pendingLastUsed.size === 0) return;
    const ids = [...pendingLastUsed];
    pendingLastUsed.clear();
    const now = new Date();
    try {
      // The time guard also keeps many processes from rewriting the same key more than once a minute.
      await prisma.apiKey.updateMany({
        where: {
          id: { in: ids },
          OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - lastUsedIntervalMs) } }],
        },
        data: { lastUsedAt: now },
      });
    } catch (error) {
      logger.warn({ err: error, keys: ids.length }, 'could not record API key lastUsedAt');
    }
  }

  const flushTimer = setInterval(() => void flushLastUsed(), options.lastUsedFlushMs ?? 5_000);
  flushTimer.unref();

  return {
    async authenticateApiKey(key) {
      if (!looksLikeApiKey(key)) return null;
      const hash = hashApiKey(key);
      let identity: ApiKeyIdentity | null | undefined = valid.get(hash);
      if (identity === undefined) {
        if (unknown.get(hash)) return null;
        let lookup = lookups.get(hash);
        if (!lookup) {
          lookup = lookUp(hash).finally(() => lookups.delete(hash));
          lookups.set(hash, lookup);
        }
        identity = await lookup;
      }
      if (identity) noteUse(identity.apiKeyId);
      return identity;
    },
    forgetApiKey,
    ready: subscription.ready,
    async close() {
      clearInterval(flushTimer);
      await flushLastUsed();
      await subscription.close();
    },
  };
}
