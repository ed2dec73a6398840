import type { Environment } from '../../core/config/environment.js';
import { createPrismaClient, type PrismaClient } from '../../core/db/create-prisma-client.js';
import { createJobQueue, type JobQueue } from '../../core/jobs/create-job-queue.js';
import {
  createWebhookDeliveryLog,
  type WebhookDeliveryLog,
} from '../../core/jobs/create-webhook-delivery-log.js';
import { createWebhookIntake, type WebhookIntake } from '../../core/jobs/create-webhook-intake.js';
import { createLogger, type Logger } from '../../core/logging/create-logger.js';
import { createMetrics, type Metrics } from '../../core/observability/metrics.js';
import {
  type ApiKeyAuthenticator,
  createApiKeyAuthenticator,
} from '../../core/projects/create-api-key-authenticator.js';
import {
  type CachedPlatformProjectDirectory,
  createPlatformProjectDirectory,
} from '../../core/projects/create-platform-project-directory.js';
import {
  createProjectSettingsStore,
  type ProjectSettingsStore,
} from '../../core/projects/create-project-settings-store.js';
import {
  type EncryptionKeyring,
  parseEncryptionKeyring,
} from '../../core/projects/parse-encryption-keyring.js';
import { createRedisClient, type Redis } from '../../core/redis/create-redis-client.js';
import { createGitHubApp, type GitHubApp } from '../github/create-github-app.js';
import { readGitHubAppSettings } from '../github/read-github-app-settings.js';
import { readJobPipelineOptions } from '../worker/read-job-pipeline-options.js';
import { createRoutingServices, type RoutingServices } from './create-routing-services.js';

/** The long-lived services one Switchyard process shares between its HTTP server and its worker. */
export interface AppContext {
  environment: Environment;
  logger: Logger;
  prisma: PrismaClient;
  redis: Redis;
  metrics: Metrics;
  /** Master keys from SETTINGS_ENCRYPTION_KEY; undefined when unset (storing provider keys then answers 503). */
  encryptionKeyring: EncryptionKeyring | undefined;
  /** Project settings (routing, limits, prices, decrypted provider credentials), cached and invalidated across processes. */
  projectSettings: ProjectSettingsStore;
  /** Project API keys for the gateway, cached, with revocations pushed to every process. */
  apiKeyAuthenticator: ApiKeyAuthenticator;
  /** The model router with its budget ledger and usage recorder. */
  routing: RoutingServices;
  /** The producer side of the job pipeline: webhook apps enqueue here. */
  jobs: JobQueue;
  /** Verified webhook deliveries waiting for a worker to plan and enqueue them. */
  intake: WebhookIntake;
  /** Handled webhook deliveries, kept 7 days so redeliveries are recognized. */
  deliveries: WebhookDeliveryLog;
  /** Organizations and projects by their platform ids, created on first contact; cached, invalidated over pub/sub. */
  projects: CachedPlatformProjectDirectory;
  /** The GitHub App (Probot), when APP_ID, PRIVATE_KEY and WEBHOOK_SECRET are set. */
  github: GitHubApp | undefined;
  /** Closes everything the context opened, in reverse order. */
  close(): Promise<void>;
}

export function createAppContext(environment: Environment, options: { logger?: Logger } = {}): AppContext {
  const logger = options.logger ?? createLogger({ level: environment.LOG_LEVEL });
  // Parsed first so a malformed key stops start-up before any connection is opened.
  const encryptionKeyring = parseEncryptionKeyring(environment.SETTINGS_ENCRYPTION_KEY);
  if (!encryptionKeyring) {
    logger.warn(
      'SETTINGS_ENCRYPTION_KEY is not set: provider API keys cannot be stored per project or organization',
    );
  }
  const prisma = createPrismaClient({
    databaseUrl: environment.DATABASE_URL,
    poolSize: environment.DATABASE_POOL_SIZE,
  });
  const redis = createRedisClient({ redisUrl: environment.REDIS_URL, name: 'main' });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const metrics = createMetrics();
  const keyPrefix = environment.REDIS_KEY_PREFIX;
  const projectSettings = createProjectSettingsStore({
    prisma,
    redis,
    environment,
    keyring: encryptionKeyring,
    logger,
    keyPrefix,
  });
  const apiKeyAuthenticator = createApiKeyAuthenticator({ prisma, redis, logger, keyPrefix });
  const routing = createRoutingServices({ environment, logger, prisma, redis, metrics });
  const jobs = createJobQueue({ ...readJobPipelineOptions(environment).queue, redis, prisma, logger });
  const projects = createPlatformProjectDirectory(prisma, { redis, keyPrefix, logger });
  const githubSettings = readGitHubAppSettings(environment);
  const github = githubSettings ? createGitHubApp(githubSettings, logger) : undefined;
  return {
    environment,
    logger,
    prisma,
    redis,
    metrics,
    encryptionKeyring,
    projectSettings,
    apiKeyAuthenticator,
    routing,
    jobs,
    intake: createWebhookIntake({ redis, keyPrefix, logger }),
    deliveries: createWebhookDeliveryLog(prisma),
    projects,
    github,
    async close() {
      // In-flight settlements and buffered usage rows reach Redis and Postgres before connections close.
      await jobs.close();
      await routing.close();
      await apiKeyAuthenticator.close();
      await projectSettings.close();
      await projects.close();
      await redis.quit().catch(() => redis.disconnect());
      await prisma.$disconnect();
    },
  };
}
