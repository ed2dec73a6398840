import type { Environment } from '../../core/config/environment.js';
import { createPrismaClient, type PrismaClient } from '../../core/db/create-prisma-client.js';
import { createLogger, type Logger } from '../../core/logging/create-logger.js';
import { createMetrics, type Metrics } from '../../core/observability/metrics.js';
import { createRedisClient, type Redis } from '../../core/redis/create-redis-client.js';

/** The long-lived services one Switchyard process shares between its HTTP server and its worker. */
export interface AppContext {
  environment: Environment;
  logger: Logger;
  prisma: PrismaClient;
  redis: Redis;
  metrics: Metrics;
  /** Closes everything the context opened, in reverse order. */
  close(): Promise<void>;
}

export function createAppContext(environment: Environment, options: { logger?: Logger } = {}): AppContext {
  const logger = options.logger ?? createLogger({ level: environment.LOG_LEVEL });
  const prisma = createPrismaClient({
    databaseUrl: environment.DATABASE_URL,
    poolSize: environment.DATABASE_POOL_SIZE,
  });
  const redis = createRedisClient({ redisUrl: environment.REDIS_URL, name: 'main' });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const metrics = createMetrics();
  return {
    environment,
    logger,
    prisma,
    redis,
    metrics,
    async close() {
      await redis.quit().catch(() => redis.disconnect());
      await prisma.$disconnect();
    },
  };
}
