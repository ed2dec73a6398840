import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PrismaClient } from '../../../core/db/create-prisma-client.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createApiKey } from '../../../core/projects/create-api-key.js';
import {
  type ApiKeyAuthenticator,
  type ApiKeyAuthenticatorOptions,
  createApiKeyAuthenticator,
} from '../../../core/projects/create-api-key-authenticator.js';
import { revokeApiKey } from '../../../core/projects/revoke-api-key.js';
import type { Redis } from '../../../core/redis/create-redis-client.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../support/test-resources.js';
import { eventually } from './eventually.js';

const logger = createLogger({ level: 'silent' });
const keyPrefix = testKeyPrefix('api-keys');
// Each "process" has its own Postgres pool and Redis connections, as two Switchyard processes would.
const processes: { prisma: PrismaClient; redis: Redis }[] = [];
const authenticators: ApiKeyAuthenticator[] = [];

function startProcess(options: Partial<ApiKeyAuthenticatorOptions> = {}) {
  const resources = { prisma: createTestPrisma(), redis: createTestRedis('authenticator') };
  processes.push(resources);
  const authenticator = createApiKeyAuthenticator({ ...resources, logger, keyPrefix, ...options });
  authenticators.push(authenticator);
  return { ...resources, authenticator };
}

let main: ReturnType<typeof startProcess>;
let projectId: string;
let organizationId: string;

beforeAll(async () => {
  main = startProcess();
  const organization = await main.prisma.organization.create({ data: { name: 'keys-org' } });
  const project = await main.prisma.project.create({
    data: { organizationId: organization.id, name: 'keys' },
  });
  projectId = project.id;
  organizationId = organization.id;
});

afterAll(async () => {
  for (const authenticator of authenticators) await authenticator.close();
  for (const { prisma, redis } of processes) {
    await redis.quit();
    await prisma.$disconnect();
  }
});

describe('createApiKeyAuthenticator', () => {
  it('authenticates a new key and answers repeated calls from memory', async () => {
    const { id, key } = await createApiKey({ prisma: main.prisma, projectId, name: 'ci' });
    expect(await main.authenticator.authenticateApiKey(key)).toEqual({
      apiKeyId: id,
      projectId,
      organizationId,
    });
    // With the row gone, only the cache can still answer.
    await main.prisma.apiKey.delete({ where: { id } });
    expect(await main.authenticator.authenticateApiKey(key)).toEqual({
      apiKeyId: id,
      projectId,
      organizationId,
    });
  });

  it('refuses malformed, unknown and revoked keys', async () => {
    expect(await main.authenticator.authenticateApiKey('sk-not-ours')).toBeNull();
    expect(
      await main.authenticator.authenticateApiKey(`sy-${randomBytes(32).toString('base64url')}`),
    ).toBeNull();
    const { id, key } = await createApiKey({ prisma: main.prisma, projectId, name: 'old' });
    await main.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    expect(await main.authenticator.authenticateApiKey(key)).toBeNull();
  });

  it('stops accepting a revoked key in a second process through Redis pub/sub', async () => {
    const other = startProcess();
    await Promise.all([main.authenticator.ready, other.authenticator.ready]);
    const { id, key } = await createApiKey({ prisma: main.prisma, projectId, name: 'shared' });
    expect(await other.authenticator.authenticateApiKey(key)).not.toBeNull();
    expect(await main.authenticator.authenticateApiKey(key)).not.toBeNull();

    await revokeApiKey({ prisma: main.prisma, redis: main.redis, keyPrefix, projectId, apiKeyId: id });
    // The other process cached the key for 60 s; only the pub/sub message can make it forget.
    await eventually(async () => expect(await other.authenticator.authenticateApiKey(key)).toBeNull());
    await eventually(async () => expect(await main.authenticator.authenticateApiKey(key)).toBeNull());
  });

  it('records lastUsedAt in the background, at most once a minute per key', async () => {
    const first = startProcess({ lastUsedFlushMs: 60_000 });
    const { id, key } = await createApiKey({ prisma: main.prisma, projectId, name: 'used' });
    await first.authenticator.authenticateApiKey(key);
    await first.authenticator.authenticateApiKey(key);
    const readLastUsed = async () =>
      (await main.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt?.getTime() ?? null;
    expect(await readLastUsed()).toBeNull();
    await first.authenticator.close();
    const recorded = await readLastUsed();
    expect(recorded).not.toBeNull();

    const second = startProcess();
    await second.authenticator.authenticateApiKey(key);
    await second.authenticator.close();
    expect(await readLastUsed()).toBe(recorded);
  });

  it('keeps valid keys cached while a flood of unknown keys fills the negative cache', async () => {
    const small = startProcess({ maxEntries: 5 });
    const { id, key } = await createApiKey({ prisma: main.prisma, projectId, name: 'busy' });
    expect(await small.authenticator.authenticateApiKey(key)).not.toBeNull();
    for (let index = 0; index < 20; index += 1) {
      await small.authenticator.authenticateApiKey(`sy-${randomBytes(32).toString('base64url')}`);
    }
    await main.prisma.apiKey.delete({ where: { id } });
    expect(await small.authenticator.authenticateApiKey(key)).toEqual(
      expect.objectContaining({ apiKeyId: id }),
    );
  });
});
