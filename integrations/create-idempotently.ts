import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logging/create-logger.js';

/** How often, and after how long, a call that failed with a 5xx or a dropped connection is tried again. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** The n-th retry waits `baseDelayMs × n²` (1, 4, 9 s by default), as @octokit/plugin-retry does. */
  baseDelayMs: number;
}

/** Octokit's own defaults (3 retries after 1, 4 and 9 seconds), used for GitHub and GitLab writes alike. */
export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 1000 };

/**
 * Creates something at most once. A POST that failed with a 5xx may still have created its comment, review or
 * note (GitHub and GitLab can answer 502 and write anyway), so instead of Octokit's blind retry, each retry first looks for
 * what the failed attempt may have left (`find`, by its marker) and creates only when there is nothing.
 * The `create` call must be sent with `request: { retries: 0 }` so Octokit does not retry it behind our back.
 */
export async function createIdempotently<T>(options: {
  find: () => Promise<T | undefined>;
  create: () => Promise<T>;
  policy: RetryPolicy;
  /** Whether a failure may have been transient (a 5xx, a dropped connection): only those are retried. */
  isTransient: (error: unknown) => boolean;
  /** The platform's name, for the log line (`GitHub`, `GitLab`). */
  platform: string;
  logger?: Logger;
  what: string;
}): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await options.create();
    } catch (error) {
      if (!options.isTransient(error) || attempt >= options.policy.retries) throw error;
      const delayMs = options.policy.baseDelayMs * (attempt + 1) ** 2;
      options.logger?.warn(
        { attempt: attempt + 1, delayMs, status: (error as { status?: number }).status },
        `${options.platform} failed to ${options.what}; looking for it before trying again`,
      );
      await sleep(delayMs);
      const found = await options.find();
      if (found !== undefined) return found;
    }
  }
}
