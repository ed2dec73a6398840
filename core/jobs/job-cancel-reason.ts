import { isSwitchyardError, SwitchyardError } from '../errors/switchyard-error.js';

/** Why a job's signal aborts: a newer revision, a cancel, or the worker shutting down. */
export type JobCancelReason = 'superseded' | 'cancelled' | 'shutdown';

const messages: Record<JobCancelReason, string> = {
  superseded: 'A newer revision of the pull request superseded this job.',
  cancelled: 'This job was cancelled.',
  shutdown: 'The worker is shutting down; the job goes back to the queue.',
};

/** The error a job's AbortSignal carries as its reason, so `signal.throwIfAborted()` throws something useful. */
export function createJobAbortReason(reason: JobCancelReason): SwitchyardError {
  return new SwitchyardError({
    code: `job.${reason}`,
    message: messages[reason],
    retryable: reason === 'shutdown',
  });
}

/** The reason an aborted job signal carries, or undefined when it has not aborted for one of ours. */
export function readJobCancelReason(signal: AbortSignal): JobCancelReason | undefined {
  if (!signal.aborted || !isSwitchyardError(signal.reason)) return undefined;
  const { code } = signal.reason;
  if (!code.startsWith('job.')) return undefined;
  const reason = code.slice('job.'.length);
  return Object.hasOwn(messages, reason) ? (reason as JobCancelReason) : undefined;
}
