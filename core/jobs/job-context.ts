import type { Logger } from '../logging/create-logger.js';
import type { JobRequest } from './job-request.js';

/** What a processor receives for one run of one job. */
export interface JobContext {
  request: JobRequest;
  jobId: string;
  /** Project, target and agent: the key newer jobs supersede older ones by. */
  targetKey: string;
  /** 1 on the first run, 2 on the first retry… (BullMQ's `attemptsMade` + 1). */
  attempt: number;
  /** Failed runs so far (BullMQ's `attemptsMade`). */
  attemptsMade: number;
  /**
   * Aborts when a newer revision supersedes the job, when it is cancelled, or when the worker shuts down;
   * `signal.reason` is a SwitchyardError with code `job.superseded`, `job.cancelled` or `job.shutdown`.
   */
  signal: AbortSignal;
  /** A child logger carrying `jobId`. */
  logger: Logger;
}

/** What a processor reports back; it ends up on the job's `job_runs` row. */
export interface JobResult {
  /** What the run cost in USD. */
  costUsd?: number;
  /** Where the result was posted (the sticky comment, the Slack message…). */
  resultUrl?: string;
}

/** Runs one job. Throws a SwitchyardError to fail (retried only when `retryable`). */
export type JobProcessor = (job: JobContext) => Promise<JobResult>;

/** What a finished job leaves in BullMQ as its return value. */
export type JobOutcome = { status: 'succeeded'; result: JobResult } | { status: 'superseded' | 'cancelled' };

/** A job that failed for good, as `onFailed` receives it. */
export interface FailedJob {
  jobId: string;
  request: JobRequest;
  /** Runs that failed, this last one included. */
  attemptsMade: number;
}
