import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createRedisBudgetLedger } from '../../../../core/budgets/create-redis-budget-ledger.js';
import { usdToNano } from '../../../../core/budgets/money.js';
import type { RateLimitTable } from '../../../../core/config/rate-limit-schema.js';
import { budgetSubjectOf } from '../../../../core/llm/router/budget-subject-of.js';
import { createCircuitBreaker } from '../../../../core/llm/router/circuit-breaker.js';
import { createRouter } from '../../../../core/llm/router/create-router.js';
import { createLatencyTracker } from '../../../../core/llm/router/latency-tracker.js';
import { createRateLimiter } from '../../../../core/llm/router/rate-limiter.js';
import { createResponseCache } from '../../../../core/llm/router/response-cache.js';
import type { RouteInput } from '../../../../core/llm/router/route-types.js';
import { createLogger } from '../../../../core/logging/create-logger.js';
import type { ProjectSettings } from '../../../../core/projects/project-settings.js';
import type { UsageEventInput } from '../../../../core/usage/usage-event.js';
import { buildProjectSettings } from '../../../support/build-project-settings.js';
import { createScriptedProviderRegistry } from '../../../support/scripted-provider-registry.js';
import { createTestRedis, testKeyPrefix } from '../../../support/test-resources.js';

const redis = createTestRedis('router');
const connections = [redis];
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  // One failing closer (a client that never connected) must not leave the others open.
  for (const close of closers)
    await Promise.resolve()
      .then(close)
      .catch(() => {});
  for (const connection of connections) connection.disconnect();
});

let requestCounter = 0;

/** A router over real Redis (breaker, rate limits, ledger, cache) and scripted models. */
async function buildRouter(
  options: {
    keyPrefix?: string;
    rateLimits?: RateLimitTable;
    attemptTimeoutMs?: number;
    maxRetryWaitMs?: number;
    scripted?: ReturnType<typeof createScriptedProviderRegistry>;
    random?: () => number;
  } = {},
) {
  const keyPrefix = options.keyPrefix ?? testKeyPrefix('router');
  const scripted = options.scripted ?? createScriptedProviderRegistry();
  const usage: UsageEventInput[] = [];
  const breaker = createCircuitBreaker({
    redis,
    logger: createLogger({ level: 'silent' }),
    keyPrefix,
    failureThreshold: 3,
    cooldownMs: 400,
  });
  await breaker.ready;
  const latency = createLatencyTracker({ redis, keyPrefix });
  const ledger = createRedisBudgetLedger({ redis, keyPrefix, leaseMs: 60_000, spendSource: async () => 0 });
  closers.push(
    () => breaker.close(),
    () => latency.close(),
  );
  const router = createRouter({
    ledger,
    breaker,
    rateLimiter: createRateLimiter({ redis, keyPrefix, limits: options.rateLimits ?? {} }),
    latency,
    cache: createResponseCache({ redis, keyPrefix }),
    usage: { record: (event) => usage.push(event) },
    providers: scripted.registry,
    logger: createLogger({ level: 'silent' }),
    options: {
      attemptTimeoutMs: options.attemptTimeoutMs ?? 2000,
      deadlineMs: 10_000,
      defaultMaxOutputTokens: 200,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 0,
    },
    random: options.random,
  });
  return { router, scripted, usage, ledger, breaker, keyPrefix };
}

function input(settings: ProjectSettings, extra: Partial<RouteInput> = {}): RouteInput {
  requestCounter += 1;
  return {
    settings,
    request: { messages: [{ role: 'user', content: 'Review this diff please.' }] },
    callKey: `test:${requestCounter}`,
    requestId: `request-${requestCounter}`,
    source: 'gateway',
    ...extra,
  };
}

describe('the router', () => {
  let settings: ProjectSettings;
  beforeEach(() => {
    settings = buildProjectSettings();
  });

  it('fails over in listed order under the fallback policy when a provider answers 503', async () => {
    const { router, scripted } = await buildRouter();
    scripted.script('alpha:small', [{ kind: 'error', reason: 'server_error', status: 503 }]);
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('beta:medium');
    expect(outcome.attempts.map((attempt) => [attempt.candidate, attempt.outcome])).toEqual([
      ['alpha:small', 'failed'],
      ['beta:medium', 'success'],
    ]);
    expect(outcome.attempts[0]!.status).toBe(503);
  });

  it('tries the cheapest candidate first under the cheapest policy', async () => {
    const { router } = await buildRouter();
    settings.routing.default = { policy: 'cheapest', models: ['gamma:large', 'alpha:small', 'beta:medium'] };
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('beta:medium');
  });

  it('prefers the candidate with the lowest observed latency under the fastest policy', async () => {
    const { router, scripted } = await buildRouter();
    settings.routing.default = { policy: 'fastest', models: ['alpha:small', 'beta:medium'] };
    scripted.script('alpha:small', [{ kind: 'reply', delayMs: 60 }]);
    scripted.script('beta:medium', [{ kind: 'reply', delayMs: 5 }]);
    // Both unmeasured: each goes first once to be measured.
    await router.complete(input(settings, { preferredModel: 'alpha:small' }));
    await router.complete(input(settings, { preferredModel: 'beta:medium' }));
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('beta:medium');
  });

  it('draws candidates in proportion to their weights under the weighted policy', async () => {
    let draw = 0;
    // Each ordering draws once per remaining candidate: two draws a call.
    const sequence = [0.05, 0.5, 0.95, 0.5];
    const { router } = await buildRouter({ random: () => sequence[draw++ % sequence.length]! });
    settings.routing.default = {
      policy: 'weighted',
      models: ['alpha:small', 'beta:medium'],
      weights: { 'alpha:small': 1, 'beta:medium': 9 },
    };
    expect((await router.complete(input(settings))).candidate).toBe('alpha:small');
    expect((await router.complete(input(settings))).candidate).toBe('beta:medium');
  });

  it('does not fail over on a 400 about the request', async () => {
    const { router, scripted } = await buildRouter();
    scripted.script('alpha:small', [{ kind: 'error', reason: 'bad_request', status: 400 }]);
    await expect(router.complete(input(settings))).rejects.toMatchObject({ code: 'llm.bad_request' });
    expect(scripted.callsTo('beta:medium')).toBe(0);
  });

  it('moves a context-length failure to a candidate with a larger window', async () => {
    const { router, scripted } = await buildRouter();
    settings.routing.default = { policy: 'fallback', models: ['beta:medium', 'alpha:small', 'gamma:large'] };
    scripted.script('beta:medium', [{ kind: 'error', reason: 'context_length', status: 400 }]);
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('gamma:large');
    expect(scripted.callsTo('alpha:small')).toBe(0);
  });

  it('skips candidates whose context window cannot hold the prompt', async () => {
    const { router, scripted } = await buildRouter();
    const long = 'x'.repeat(8000 * 4);
    const outcome = await router.complete(
      input(settings, { request: { messages: [{ role: 'user', content: long }] } }),
    );
    expect(outcome.candidate).toBe('gamma:large');
    expect(
      outcome.attempts
        .filter((attempt) => attempt.skipReason === 'context_window')
        .map((attempt) => attempt.candidate),
    ).toEqual(['alpha:small', 'beta:medium']);
    expect(scripted.callsTo('alpha:small')).toBe(0);
  });

  it('honours retry-after: a rate-limited candidate is not called again until it passes', async () => {
    const { router, scripted } = await buildRouter();
    scripted.script('alpha:small', [
      { kind: 'error', reason: 'rate_limited', status: 429, retryAfterMs: 300 },
    ]);
    expect((await router.complete(input(settings))).candidate).toBe('beta:medium');
    const second = await router.complete(input(settings));
    expect(second.candidate).toBe('beta:medium');
    expect(second.attempts[0]).toMatchObject({
      candidate: 'alpha:small',
      outcome: 'skipped',
      skipReason: 'cooling_down',
    });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await router.complete(input(settings))).candidate).toBe('alpha:small');
  });

  it('waits out a short retry-after when the rate-limited candidate is the last one', async () => {
    const { router, scripted } = await buildRouter({ maxRetryWaitMs: 1000 });
    settings.routing.default = { policy: 'fallback', models: ['alpha:small'] };
    scripted.script('alpha:small', [
      { kind: 'error', reason: 'rate_limited', status: 429, retryAfterMs: 100 },
    ]);
    const started = Date.now();
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('alpha:small');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('fails over when a candidate hangs past the per-attempt timeout', async () => {
    const { router, scripted } = await buildRouter({ attemptTimeoutMs: 150 });
    scripted.script('alpha:small', [{ kind: 'hang' }]);
    const outcome = await router.complete(input(settings));
    expect(outcome.candidate).toBe('beta:medium');
    expect(outcome.attempts[0]).toMatchObject({ outcome: 'failed', errorCode: 'llm.timeout' });
  });

  it('answers 503 naming each candidate when every provider fails', async () => {
    const { router, scripted, usage } = await buildRouter();
    for (const candidate of ['alpha:small', 'beta:medium', 'gamma:large'])
      scripted.script(candidate, [{ kind: 'error', reason: 'server_error' }]);
    const failure = router.complete(input(settings));
    await expect(failure).rejects.toMatchObject({ code: 'router.no_healthy_provider', status: 503 });
    await expect(failure).rejects.toThrow(/alpha:small: llm.server_error/);
    expect(usage.at(-1)).toMatchObject({
      outcome: 'error',
      errorCode: 'router.no_healthy_provider',
      costUsd: 0,
    });
  });

  it('opens a breaker in one router instance and spares the other, then recovers through one half-open probe', async () => {
    const keyPrefix = testKeyPrefix('breaker');
    const scripted = createScriptedProviderRegistry();
    const first = await buildRouter({ keyPrefix, scripted });
    const second = await buildRouter({ keyPrefix, scripted });
    scripted.script(
      'alpha:small',
      [1, 2, 3].map(() => ({ kind: 'error' as const, reason: 'server_error' as const })),
    );
    for (let call = 0; call < 3; call += 1) await first.router.complete(input(settings));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spared = await second.router.complete(input(settings));
    expect(spared.attempts[0]).toMatchObject({
      candidate: 'alpha:small',
      outcome: 'skipped',
      skipReason: 'breaker_open',
    });
    expect(scripted.callsTo('alpha:small')).toBe(3);

    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await second.router.complete(input(settings));
    expect(probe.candidate).toBe('alpha:small');
    expect(probe.attempts.at(-1)).toMatchObject({ outcome: 'success', probe: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.breaker.state('alpha:small')).toBe('closed');
    expect((await first.router.complete(input(settings))).candidate).toBe('alpha:small');
  });

  it('skips a candidate over its requests-per-minute limit', async () => {
    const { router } = await buildRouter({ rateLimits: { 'alpha:small': { rpm: 2 } } });
    expect((await router.complete(input(settings))).candidate).toBe('alpha:small');
    expect((await router.complete(input(settings))).candidate).toBe('alpha:small');
    const third = await router.complete(input(settings));
    expect(third.candidate).toBe('beta:medium');
    expect(third.attempts[0]).toMatchObject({ candidate: 'alpha:small', skipReason: 'rate_limited' });
  });

  it('refuses a call the budget cannot hold, naming the budget, the spend and the limit', async () => {
    const { router, scripted, usage } = await buildRouter();
    settings.limits.project = { dailyNano: usdToNano(0.0001), softAlertRatio: 0.8 };
    const refusal = router.complete(input(settings));
    await expect(refusal).rejects.toMatchObject({ code: 'budget.exceeded', status: 402 });
    await expect(refusal).rejects.toThrow(/project's daily budget .* spent \$0\.00.* of \$0\.000100/);
    expect(scripted.calls).toHaveLength(0);
    expect(usage.at(-1)).toMatchObject({ outcome: 'refused', errorCode: 'budget.exceeded' });
  });

  it('charges only the provider that answered, once, after a failover', async () => {
    const { router, scripted, ledger } = await buildRouter();
    settings.limits.project = { dailyNano: usdToNano(10), softAlertRatio: 0.8 };
    scripted.script('alpha:small', [{ kind: 'error', reason: 'server_error' }]);
    const outcome = await router.complete(input(settings));
    await router.drain();
    const status = await ledger.readStatus(budgetSubjectOf(settings)!);
    const day = status.find((line) => line.scope === 'project' && line.period === 'day')!;
    // beta:medium at 0.5/1 USD per MTok: 100 input + 50 output tokens.
    expect(outcome.costUsd).toBeCloseTo(0.0001, 9);
    expect(day.spentNano).toBe(usdToNano(0.0001));
    expect(day.reservedNano).toBe(0);
  });

  it('serves an identical request from the cache at zero cost when the project enables it', async () => {
    const { router, scripted, usage } = await buildRouter();
    settings.cacheTtlSeconds = 60;
    const first = await router.complete(input(settings));
    await router.drain();
    const second = await router.complete(input(settings));
    expect(second).toMatchObject({ cached: true, costUsd: 0, candidate: first.candidate });
    expect(second.response.text).toBe(first.response.text);
    expect(scripted.calls).toHaveLength(1);
    expect(usage.at(-1)).toMatchObject({ outcome: 'cache_hit', costUsd: 0 });
  });

  it('fails a stream over before its first token and settles the winner at the end', async () => {
    const { router, scripted } = await buildRouter();
    scripted.script('alpha:small', [{ kind: 'error', reason: 'overloaded', status: 529 }]);
    const routed = await router.stream(input(settings));
    expect(routed.candidate).toBe('beta:medium');
    let text = '';
    for await (const part of routed.parts) if (part.type === 'text-delta') text += part.delta;
    expect(text).toBe('one two three');
    const outcome = await routed.outcome;
    expect(outcome.response.usage).toEqual({ inputTokens: 100, outputTokens: 50 });
  });

  it('releases the hold and reports the error when a stream breaks after text went out', async () => {
    const { router, scripted, ledger } = await buildRouter();
    settings.limits.project = { dailyNano: usdToNano(10), softAlertRatio: 0.8 };
    scripted.script('alpha:small', [{ kind: 'cut-stream', afterDeltas: 1 }]);
    const routed = await router.stream(input(settings));
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const part of routed.parts) if (part.type === 'text-delta') received.push(part.delta);
      })(),
    ).rejects.toMatchObject({ code: 'llm.stream_interrupted' });
    expect(received).toEqual(['one ']);
    await expect(routed.outcome).rejects.toBeDefined();
    await router.drain();
    const status = await ledger.readStatus(budgetSubjectOf(settings)!);
    expect(status.every((line) => line.reservedNano === 0 && line.spentNano === 0)).toBe(true);
  });

  it('keeps settled spend within the limit under 200 concurrent calls', async () => {
    const { router, ledger } = await buildRouter();
    settings.routing.default = { policy: 'fallback', models: ['beta:medium'] };
    // Each call reserves its worst case (prompt bound + 200 output tokens) and settles 150 tokens' worth.
    settings.limits.project = { dailyNano: usdToNano(0.0125), softAlertRatio: 0.8 };
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => router.complete(input(settings))),
    );
    await router.drain();
    const succeeded = results.filter((result) => result.status === 'fulfilled').length;
    const refused = results.filter(
      (result) =>
        result.status === 'rejected' && (result.reason as { code?: string }).code === 'budget.exceeded',
    ).length;
    expect(succeeded + refused).toBe(200);
    expect(succeeded).toBeGreaterThanOrEqual(40);
    const status = await ledger.readStatus(budgetSubjectOf(settings)!);
    const day = status.find((line) => line.scope === 'project' && line.period === 'day')!;
    // 100 input tokens at 0.5 USD/MTok + 50 output tokens at 1 USD/MTok = 100,000 nano-USD a call.
    expect(day.spentNano).toBe(succeeded * 100_000);
    expect(day.spentNano).toBeLessThanOrEqual(usdToNano(0.0125));
    expect(day.reservedNano).toBe(0);
  });
});

describe('the router without Redis', () => {
  it('refuses budgeted calls with a clear 503 and still serves projects without limits', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    unreachable.on('error', () => {});
    const keyPrefix = testKeyPrefix('no-redis');
    const breaker = createCircuitBreaker({
      redis: unreachable,
      logger: createLogger({ level: 'silent' }),
      keyPrefix,
      failureThreshold: 3,
      cooldownMs: 400,
    });
    breaker.ready.catch(() => {});
    const latency = createLatencyTracker({ redis: unreachable, keyPrefix });
    closers.push(
      () => latency.close(),
      () => unreachable.disconnect(),
    );
    const scripted = createScriptedProviderRegistry();
    const router = createRouter({
      ledger: createRedisBudgetLedger({
        redis: unreachable,
        keyPrefix,
        leaseMs: 60_000,
        spendSource: async () => 0,
      }),
      breaker,
      rateLimiter: createRateLimiter({ redis: unreachable, keyPrefix, limits: {} }),
      latency,
      cache: createResponseCache({ redis: unreachable, keyPrefix }),
      usage: { record: () => {} },
      providers: scripted.registry,
      logger: createLogger({ level: 'silent' }),
      options: { attemptTimeoutMs: 2000, deadlineMs: 5000, defaultMaxOutputTokens: 200, maxRetryWaitMs: 0 },
    });
    const unlimited = buildProjectSettings();
    expect((await router.complete(input(unlimited))).candidate).toBe('alpha:small');
    const limited = buildProjectSettings();
    limited.limits.project = { dailyNano: usdToNano(10), softAlertRatio: 0.8 };
    const refusal = router.complete(input(limited));
    await expect(refusal).rejects.toMatchObject({ code: 'budget.unavailable', status: 503 });
    await expect(refusal).rejects.toThrow(/Redis did not answer/);
    expect(scripted.calls).toHaveLength(1);
  });
});
