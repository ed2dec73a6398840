import type { BackoffOptions, BackoffStrategy } from 'bullmq';

/** The backoff type jobs are enqueued with; the worker registers jobBackoffStrategy under it. */
export const jobBackoffType = 'switchyard';

/** A provider's retry-after longer than this is not waited for in the queue: the attempt runs anyway. */
const maxRetryAfterMs = 15 * 60_000;

/**
 * Exponential backoff (delay, 2×delay, 4×delay…) that waits at least as long as a provider's
 * `retry-after` when the error carries one (ProviderError's `retryAfterMs`, also behind `cause`).
 */
export const jobBackoffStrategy: BackoffStrategy = (attemptsMade, _type, error, job) => {
  const backoff = job?.opts.backoff;
  const delay = typeof backoff === 'number' ? backoff : ((backoff as BackoffOptions | undefined)?.delay ?? 0);
  const exponential = Math.round(2 ** Math.max(0, attemptsMade - 1) * delay);
  const retryAfterMs = readRetryAfterMs(error);
  return retryAfterMs === undefined
    ? exponential
    : Math.max(exponential, Math.min(retryAfterMs, maxRetryAfterMs));
};

function readRetryAfterMs(error: unknown): number | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 3; depth += 1) {
    const value = (current as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    current = current.cause;
  }
  return undefined;
}
