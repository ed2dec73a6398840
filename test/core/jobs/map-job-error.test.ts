import { describe, expect, it } from '@jest/globals';
import { UnrecoverableError } from 'bullmq';
import { SwitchyardError } from '../../../core/errors/switchyard-error.js';
import { jobBackoffStrategy } from '../../../core/jobs/job-backoff.js';
import { describeJobError, mapJobError, unwrapJobError } from '../../../core/jobs/map-job-error.js';
import { ProviderError } from '../../../core/llm/spec/provider-error.js';

const budgetExceeded = new SwitchyardError({
  code: 'budget.exceeded',
  message: 'The project budget is spent.',
});

describe('mapJobError', () => {
  it('turns a SwitchyardError that is not retryable into an UnrecoverableError keeping the original', () => {
    const mapped = mapJobError(budgetExceeded);
    expect(mapped).toBeInstanceOf(UnrecoverableError);
    expect(mapped.message).toBe('The project budget is spent.');
    expect(unwrapJobError(mapped)).toBe(budgetExceeded);
    expect(describeJobError(mapped)).toEqual({
      code: 'budget.exceeded',
      message: 'The project budget is spent.',
    });
  });

  it('leaves retryable errors, rate limits, unavailable budgets and unknown errors to be retried', () => {
    const rateLimited = new SwitchyardError({ code: 'llm.rate_limited', message: 'slow down' });
    const unavailable = new SwitchyardError({
      code: 'budget.unavailable',
      message: 'Redis',
      retryable: true,
    });
    const reset = new Error('socket hang up');
    for (const error of [rateLimited, unavailable, reset]) expect(mapJobError(error)).toBe(error);
    expect(describeJobError(reset)).toEqual({ code: 'job.unexpected_error', message: 'socket hang up' });
    expect(mapJobError('a string')).toEqual(new Error('a string'));
  });
});

describe('jobBackoffStrategy', () => {
  const job = { opts: { backoff: { type: 'switchyard', delay: 100 } } } as never;

  it('doubles the delay at each retry', async () => {
    const delays = await Promise.all(
      [1, 2, 3].map((attempt) => jobBackoffStrategy(attempt, 'switchyard', new Error('x'), job)),
    );
    expect(delays).toEqual([100, 200, 400]);
  });

  it("waits at least a provider's retry-after, also when wrapped", async () => {
    const limited = new ProviderError({
      provider: 'openai',
      model: 'gpt-4.1-mini',
      reason: 'rate_limited',
      message: 'rate limited',
      retryAfterMs: 1500,
    });
    expect(await jobBackoffStrategy(1, 'switchyard', limited, job)).toBe(1500);
    const wrapped = new SwitchyardError({
      code: 'router.no_healthy_provider',
      message: 'none',
      cause: limited,
    });
    expect(await jobBackoffStrategy(1, 'switchyard', wrapped, job)).toBe(1500);
    expect(await jobBackoffStrategy(5, 'switchyard', limited, job)).toBe(1600);
  });
});
