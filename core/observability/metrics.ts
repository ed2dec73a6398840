import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Every Prometheus metric Switchyard exports, on one registry per process. */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  llmAttempts: Counter<'provider' | 'model' | 'outcome'>;
  llmCostUsd: Counter<'provider' | 'model'>;
  llmTokens: Counter<'provider' | 'model' | 'direction'>;
  budgetRefusals: Counter<'scope' | 'period'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'switchyard_process_' });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'switchyard_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    llmAttempts: new Counter({
      name: 'switchyard_llm_attempts_total',
      help: 'Model call attempts by provider, model and outcome (success, error, skipped, cache_hit)',
      labelNames: ['provider', 'model', 'outcome'],
      registers: [registry],
    }),
    llmCostUsd: new Counter({
      name: 'switchyard_llm_cost_usd_total',
      help: 'Settled model spend in USD',
      labelNames: ['provider', 'model'],
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: 'switchyard_llm_tokens_total',
      help: 'Tokens by direction (input, output)',
      labelNames: ['provider', 'model', 'direction'],
      registers: [registry],
    }),
    budgetRefusals: new Counter({
      name: 'switchyard_budget_refusals_total',
      help: 'Calls refused because a budget was exhausted',
      labelNames: ['scope', 'period'],
      registers: [registry],
    }),
  };
}

interface CallCounters {
  success: { inc(value?: number): void };
  cost: { inc(value?: number): void };
  inputTokens: { inc(value?: number): void };
  outputTokens: { inc(value?: number): void };
}

const callCounters = new WeakMap<Metrics, Map<string, CallCounters>>();

/**
 * Counts one answered model call. The labelled children are looked up once per provider and model and
 * kept: resolving four label sets on every call showed in the gateway's profile.
 */
export function recordAnsweredCall(
  metrics: Metrics,
  labels: { provider: string; model: string },
  tokens: { inputTokens: number; outputTokens: number },
  costUsd: number,
): void {
  let byModel = callCounters.get(metrics);
  if (!byModel) {
    byModel = new Map();
    callCounters.set(metrics, byModel);
  }
  const key = `${labels.provider}\u0000${labels.model}`;
  let counters = byModel.get(key);
  if (!counters) {
    counters = {
      success: metrics.llmAttempts.labels({ ...labels, outcome: 'success' }),
      cost: metrics.llmCostUsd.labels(labels),
      inputTokens: metrics.llmTokens.labels({ ...labels, direction: 'input' }),
      outputTokens: metrics.llmTokens.labels({ ...labels, direction: 'output' }),
    };
    byModel.set(key, counters);
  }
  counters.success.inc();
  counters.cost.inc(costUsd);
  counters.inputTokens.inc(tokens.inputTokens);
  counters.outputTokens.inc(tokens.outputTokens);
}
