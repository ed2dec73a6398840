import { UnrecoverableError } from 'bullmq';
import { isSwitchyardError, SwitchyardError } from '../errors/switchyard-error.js';
import type { JobRunError } from './record-job-run.js';

/** Codes retried with backoff whatever their `retryable` flag says: they clear up by waiting. */
const alwaysRetriedCodes: ReadonlySet<string> = new Set(['llm.rate_limited', 'budget.unavailable']);

/**
 * Translates a processor's error into BullMQ's language at the worker edge: a SwitchyardError that is not
 * retryable becomes an UnrecoverableError (the job fails at once, the original kept as `cause`); everything
 * else is rethrown as is and retried with backoff. Errors that are not SwitchyardErrors (a dropped
 * connection, a platform's 502) count as transient: the attempts limit bounds them.
 */
export function mapJobError(error: unknown): Error {
  if (isSwitchyardError(error) && !error.retryable && !alwaysRetriedCodes.has(error.code)) {
    const unrecoverable = new UnrecoverableError(error.message);
    Object.defineProperty(unrecoverable, 'cause', { value: error, enumerable: false });
    return unrecoverable;
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** True when BullMQ will not retry the job after this error. */
export function isUnrecoverableJobError(error: Error): boolean {
  return error instanceof UnrecoverableError || error.name === 'UnrecoverableError';
}

/** BullMQ's reason for a job whose lock was lost more often than `maxStalledCount` allows. */
const stalledTooOften = 'job stalled more than allowable limit';

/**
 * The error a processor threw, before mapJobError wrapped it. BullMQ's own failure of a job that stalled
 * too often (its workers died with it twice) becomes a `job.stalled` error people can act on.
 */
export function unwrapJobError(error: Error): Error {
  if (isUnrecoverableJobError(error) && error.cause instanceof Error) return error.cause;
  if (error.message === stalledTooOften) {
    return new SwitchyardError({
      code: 'job.stalled',
      message:
        'The workers running this job stopped twice before it finished (a crash, an out-of-memory kill or a lost Redis connection), so it was not started again: re-run it once the cause is fixed',
    });
  }
  return error;
}

/** The code and message a failed run leaves on its row. */
export function describeJobError(error: Error): JobRunError {
  const original = unwrapJobError(error);
  return {
    code: isSwitchyardError(original) ? original.code : 'job.unexpected_error',
    message: original.message || original.name,
  };
}
