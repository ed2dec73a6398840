import type { BudgetLedger } from '../../budgets/budget-ledger.js';
import type { BudgetAlert, BudgetSubject } from '../../budgets/budget-types.js';
import type { Logger } from '../../logging/create-logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { UsageEventInput } from '../../usage/usage-event.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { LatencyTracker } from './latency-tracker.js';
import type { ProviderRegistry } from './provider-registry.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ResponseCache } from './response-cache.js';

/** Tunables of the router, from the environment. */
export interface RouterOptions {
  /** Per-attempt timeout (for streams: until the first part). */
  attemptTimeoutMs: number;
  /** Overall deadline of one routed call, across every attempt and wait. */
  deadlineMs: number;
  /** `max_tokens` used when a request sets none, so worst-case cost is bounded. */
  defaultMaxOutputTokens: number;
  /** The longest the router waits on a retry-after or a rate window for the last candidate. */
  maxRetryWaitMs: number;
}

/** Everything the router talks to; each piece is shared by every process through Redis or Postgres. */
export interface RouterServices {
  ledger: BudgetLedger;
  breaker: CircuitBreaker;
  rateLimiter: RateLimiter;
  latency: LatencyTracker;
  cache: ResponseCache;
  usage: { record(event: UsageEventInput): void };
  providers: ProviderRegistry;
  logger: Logger;
  metrics?: Metrics;
  /** Called once per soft-limit crossing (persist it, tell the team). */
  onBudgetAlert?: (alert: BudgetAlert, subject: BudgetSubject) => Promise<void>;
  options: RouterOptions;
  random?: () => number;
}
