import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { apiKeyPrefix, hashApiKey } from './hash-api-key.js';

/** A freshly created key: `key` is the only time the secret exists outside the caller's hands. */
export interface CreatedApiKey {
  id: string;
  key: string;
  /** Shown in lists so a person can tell keys apart (`sy-AbCdEf`). */
  prefix: string;
  createdAt: Date;
}

/** Creates a project API key (`sy-` + 32 random bytes, base64url); stores only its SHA-256 hash and a prefix. */
export async function createApiKey(options: {
  prisma: Pick<PrismaClient, 'apiKey'>;
  projectId: string;
  name: string;
}): Promise<CreatedApiKey> {
  const key = `${apiKeyPrefix}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, apiKeyPrefix.length + 6);
  const row = await options.prisma.apiKey.create({
    data: { projectId: options.projectId, name: options.name, prefix, hash: hashApiKey(key) },
    select: { id: true, createdAt: true },
  });
  return { id: row.id, key, prefix, createdAt: row.createdAt };
}
