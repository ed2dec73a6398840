import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '../../core/db/create-prisma-client.js';
import { createRedisClient, type Redis } from '../../core/redis/create-redis-client.js';

/** The run's database (created by global-setup). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url?.includes('switchyard_test_'))
    throw new Error('tests must run through jest (global-setup sets DATABASE_URL)');
  return url;
}

/** A key prefix unique to this run and this caller, so parallel test files never share Redis keys. */
export function testKeyPrefix(label = 'test'): string {
  return `${process.env.REDIS_KEY_PREFIX ?? 'sy-test-local:'}${label}-${randomBytes(4).toString('hex')}:`;
}

export function createTestPrisma(): PrismaClient {
  return createPrismaClient({ databaseUrl: testDatabaseUrl(), poolSize: 5 });
}

export function createTestRedis(name = 'test'): Redis {
  return createRedisClient({ redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', name });
}
