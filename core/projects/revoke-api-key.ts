import type { PrismaClient } from '../db/create-prisma-client.js';
import type { Redis } from '../redis/create-redis-client.js';

/** The Redis channel on which revoked API key ids are announced to every process. */
export function apiKeyRevocationChannel(keyPrefix: string): string {
  return `${keyPrefix}api-key-revoked`;
}

/**
 * Revokes a project API key and tells every process's authenticator to forget it. Idempotent; returns
 * null when the project has no such key.
 */
export async function revokeApiKey(options: {
  prisma: Pick<PrismaClient, 'apiKey'>;
  redis: Redis;
  keyPrefix: string;
  projectId: string;
  apiKeyId: string;
}): Promise<{ revokedAt: Date } | null> {
  const { prisma, projectId, apiKeyId } = options;
  const revokedAt = new Date();
  const updated = await prisma.apiKey.updateMany({
    where: { id: apiKeyId, projectId, revokedAt: null },
    data: { revokedAt },
  });
  let result: { revokedAt: Date } | null = { revokedAt };
  if (updated.count === 0) {
    const existing = await prisma.apiKey.findFirst({
      where: { id: apiKeyId, projectId },
      select: { revokedAt: true },
    });
    result = existing?.revokedAt ? { revokedAt: existing.revokedAt } : null;
  }
  if (result) await options.redis.publish(apiKeyRevocationChannel(options.keyPrefix), apiKeyId);
  return result;
}
