import { UnrecoverableError } from 'bullmq';
import { isSwitchyardError } from '../errors/switchyard-error.js';
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

/** The error a processor threw, before mapJobError wrapped it. */
export function unwrapJobError(error: Error): Error {
  if (isUnrecoverableJobError(error) && error.cause instanceof Error) return error.cause;
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
