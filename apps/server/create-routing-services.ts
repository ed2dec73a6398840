import type { BudgetLedger } from '../../core/budgets/budget-ledger.js';
import { createRedisBudgetLedger } from '../../core/budgets/create-redis-budget-ledger.js';
import { createUsageSpendSource } from '../../core/budgets/create-usage-spend-source.js';
import { recordBudgetAlert } from '../../core/budgets/record-budget-alert.js';
import type { Environment } from '../../core/config/environment.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { createEventPublisher } from '../../core/events/publish-event.js';
import { createPooledRequestFetch } from '../../core/llm/providers/create-pooled-request-fetch.js';
import { createCircuitBreaker } from '../../core/llm/router/circuit-breaker.js';
import { createRouter, type Router } from '../../core/llm/router/create-router.js';
import { createLatencyTracker } from '../../core/llm/router/latency-tracker.js';
import { createProviderRegistry } from '../../core/llm/router/provider-registry.js';
import { createRateLimiter } from '../../core/llm/router/rate-limiter.js';
import { createResponseCache } from '../../core/llm/router/response-cache.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { Metrics } from '../../core/observability/metrics.js';
import type { Redis } from '../../core/redis/create-redis-client.js';
import { createUsageRecorder } from '../../core/usage/create-usage-recorder.js';
import { createUsageRowWriter } from '../../core/usage/insert-usage-rows.js';

export interface RoutingServices {
  router: Router;
  ledger: BudgetLedger;
  usageRecorder: ReturnType<typeof createUsageRecorder>;
  /** Resolves once the breaker listens for other processes' transitions. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The router and what it stands on: budget ledger, shared breaker, rate limits, cache, usage batches. */
export function createRoutingServices(input: {
  environment: Environment;
  logger: Logger;
  prisma: PrismaClient;
  redis: Redis;
  metrics: Metrics;
}): RoutingServices {
  const { environment, logger, prisma, redis, metrics } = input;
  const keyPrefix = environment.REDIS_KEY_PREFIX;
  const usageRows = createUsageRowWriter({ databaseUrl: environment.DATABASE_URL });
  const usageRecorder = createUsageRecorder({
    write: usageRows.write,
    logger,
    flushIntervalMs: environment.USAGE_FLUSH_INTERVAL_MS,
    events: createEventPublisher({ redis, keyPrefix, logger }),
  });
  const ledger = createRedisBudgetLedger({
    redis,
    keyPrefix,
    leaseMs: environment.BUDGET_LEASE_MS,
    spendSource: createUsageSpendSource(prisma, { beforeRead: () => usageRecorder.flush() }),
    logger,
  });
  const breaker = createCircuitBreaker({
    redis,
    logger,
    keyPrefix,
    failureThreshold: environment.BREAKER_FAILURE_THRESHOLD,
    cooldownMs: environment.BREAKER_COOLDOWN_MS,
  });
  const latency = createLatencyTracker({ redis, keyPrefix });
  const keepAlive = createPooledRequestFetch();
  const router = createRouter({
    ledger,
    breaker,
    rateLimiter: createRateLimiter({ redis, keyPrefix, limits: environment.ROUTER_RATE_LIMITS }),
    latency,
    cache: createResponseCache({ redis, keyPrefix }),
    usage: usageRecorder,
    providers: createProviderRegistry({ fetch: keepAlive.fetch }),
    logger,
    metrics,
    options: {
      attemptTimeoutMs: environment.ROUTER_ATTEMPT_TIMEOUT_MS,
      deadlineMs: environment.ROUTER_DEADLINE_MS,
      defaultMaxOutputTokens: environment.ROUTER_DEFAULT_MAX_OUTPUT_TOKENS,
      maxRetryWaitMs: environment.ROUTER_MAX_RETRY_WAIT_MS,
    },
    onBudgetAlert: async (alert) => {
      const isNew = await recordBudgetAlert(prisma, alert);
      if (isNew) logger.warn({ alert }, 'budget soft limit crossed');
    },
  });
  breaker.ready.catch((error: unknown) =>
    logger.error({ err: error }, 'cannot subscribe to circuit breaker events'),
  );
  return {
    router,
    ledger,
    usageRecorder,
    ready: breaker.ready,
    async close() {
      await router.drain();
      await usageRecorder.close();
      await usageRows.close();
      latency.close();
      await breaker.close();
      await keepAlive.close();
    },
  };
}
