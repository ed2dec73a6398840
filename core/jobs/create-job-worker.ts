import { Worker } from 'bullmq';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { createEventPublisher } from '../events/publish-event.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { subscribeToChannel } from '../redis/subscribe-to-channel.js';
import { createProjectSlots } from './create-project-slots.js';
import { jobBackoffStrategy } from './job-backoff.js';
import { createJobAbortReason, type JobCancelReason } from './job-cancel-reason.js';
import type { FailedJob, JobOutcome, JobProcessor } from './job-context.js';
import { createJobKeys, jobQueueName } from './job-keys.js';
import type { JobAgent, JobRequest } from './job-request.js';
import { describeJobError, isUnrecoverableJobError, unwrapJobError } from './map-job-error.js';
import { recordJobRun } from './record-job-run.js';
import { type AgentJob, runJob } from './run-job.js';

export interface JobWorkerOptions {
  /** The process's shared client: the worker duplicates it for BullMQ and uses it for its own keys. */
  redis: Redis;
  prisma: PrismaClient;
  /** REDIS_KEY_PREFIX, the same as the queue's. */
  keyPrefix: string;
  logger: Logger;
  processor: JobProcessor;
  /** Jobs this worker runs at the same time. */
  concurrency: number;
  /** Jobs of one project running at the same time, across every worker sharing the Redis. */
  projectConcurrency: number;
  /** Called once when a job fails for good (not retried any more), e.g. to post one failure comment. */
  onFailed?: (job: FailedJob, error: Error) => Promise<void> | void;
  /** How long close() lets in-flight jobs finish before it aborts them and hands them back (20 s). */
  shutdownTimeoutMs?: number;
  /** Roughly how long a job over its project's limit waits before trying again (1 s). */
  projectRetryDelayMs?: number;
  /** BullMQ lock of a running job; a killed worker's jobs run again once it expires (30 s). */
  lockDurationMs?: number;
  /** How often BullMQ looks for jobs whose lock expired (30 s). */
  stalledIntervalMs?: number;
  /** Lease of a project slot, renewed while the job runs (the lock duration). */
  projectSlotLeaseMs?: number;
}

/** The consumer side of the job pipeline. */
export interface JobWorker {
  /** Resolves once the worker is connected and listening for cancellations. */
  ready: Promise<void>;
  /** The BullMQ worker itself, for health checks and metrics. */
  readonly worker: Worker<JobRequest, JobOutcome, JobAgent>;
  /**
   * Stops taking jobs and lets in-flight ones finish within `shutdownTimeoutMs`; then aborts them (reason
   * `job.shutdown`) and puts them back in the queue. `force` stops at once, as a killed process would: the
   * in-flight jobs run again elsewhere once their lock expires.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

const abortGraceMs = 5_000;

function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), milliseconds);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * A BullMQ worker for agent jobs, with a per-project concurrency limit, cancellation through each job's
 * AbortSignal (pushed over pub/sub), errors mapped at the edge (not retryable → fails at once; transient →
 * exponential backoff that honours retry-after), `job_runs` kept current, and a graceful close.
 */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { redis, prisma, logger } = options;
  const keys = createJobKeys(options.keyPrefix);
  // Job status changes go to the web page's live updates.
  const events = createEventPublisher({ redis, keyPrefix: options.keyPrefix, logger });
  const lockDurationMs = options.lockDurationMs ?? 30_000;
  const slots = createProjectSlots({
    redis,
    keys,
    limit: options.projectConcurrency,
    leaseMs: options.projectSlotLeaseMs ?? lockDurationMs,
  });
  const running = new Map<string, AbortController>();
  let abandoned = false;
  const abortRunning = (reason: JobCancelReason, jobIds: Iterable<string> = running.keys()) => {
    for (const jobId of [...jobIds]) running.get(jobId)?.abort(createJobAbortReason(reason));
  };

  const subscription = subscribeToChannel({
    redis,
    channel: keys.cancellations,
    logger,
    onMessage(message) {
      const { jobId, reason } = JSON.parse(message) as { jobId: string; reason: JobCancelReason };
      if (running.has(jobId) && (reason === 'superseded' || reason === 'cancelled'))
        abortRunning(reason, [jobId]);
    },
    onReconnect() {
      // Messages sent while disconnected are lost: read the marks of the jobs running here.
      for (const jobId of running.keys()) {
        redis
          .get(keys.cancel(jobId))
          .then((reason) => {
            if (reason === 'superseded' || reason === 'cancelled') abortRunning(reason, [jobId]);
          })
          .catch((error) => logger.warn({ err: error, jobId }, 'could not read a cancel mark'));
      }
    },
  });

  // BullMQ blocks on its own duplicate and needs maxRetriesPerRequest null on both connections it derives.
  const connection = redis.duplicate({
    maxRetriesPerRequest: null,
    enableAutoPipelining: false,
    connectionName: 'switchyard-worker',
  });
  const dependencies = {
    redis,
    prisma,
    keys,
    slots,
    events,
    processor: options.processor,
    logger,
    running,
    projectRetryDelayMs: options.projectRetryDelayMs ?? 1000,
    isAbandoned: () => abandoned,
  };
  const worker = new Worker<JobRequest, JobOutcome, JobAgent>(
    jobQueueName,
    (job: AgentJob, token?: string) => runJob(job, token ?? '', dependencies),
    {
      connection,
      prefix: keys.bullPrefix,
      concurrency: options.concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      settings: { backoffStrategy: jobBackoffStrategy },
    },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'job worker error'));
  const failuresInFlight = new Set<Promise<void>>();
  worker.on('failed', (job, error) => {
    if (!job?.id || abandoned) return;
    const handled = handleFailure(job, error)
      .catch((failure) => logger.error({ err: failure, jobId: job.id }, 'could not record a job failure'))
      .finally(() => failuresInFlight.delete(handled));
    failuresInFlight.add(handled);
  });

  const handleFailure = async (job: AgentJob, error: Error) => {
    const jobId = job.id!;
    const { projectId } = job.data;
    const final = isUnrecoverableJobError(error) || job.attemptsMade >= (job.opts.attempts ?? 1);
    const described = describeJobError(error);
    const jobLogger = logger.child({ jobId });
    if (!final) {
      jobLogger.warn({ err: error, attemptsMade: job.attemptsMade }, 'job failed; it will be retried');
      await recordJobRun(prisma, { jobId, projectId, status: 'requeued', error: described }, events);
      return;
    }
    jobLogger.error({ err: error, attemptsMade: job.attemptsMade }, 'job failed');
    // Only the first recording of the failure calls onFailed, so a redelivered failure posts nothing twice.
    if (!(await recordJobRun(prisma, { jobId, projectId, status: 'failed', error: described }, events)))
      return;
    await options.onFailed?.(
      { jobId, request: job.data, attemptsMade: job.attemptsMade },
      unwrapJobError(error),
    );
  };

  let closing: Promise<void> | undefined;
  const close = async (force: boolean) => {
    if (force) {
      abandoned = true;
      abortRunning('shutdown');
      await worker.close(true);
    } else {
      const closed = worker.close();
      if (!(await settlesWithin(closed, options.shutdownTimeoutMs ?? 20_000))) {
        abortRunning('shutdown');
        if (!(await settlesWithin(closed, abortGraceMs))) {
          // A processor that ignores its signal: stop waiting; its lock expires and the job runs again.
          abandoned = true;
          logger.warn({ jobIds: [...running.keys()] }, 'jobs did not stop on shutdown; they will run again');
        }
      }
    }
    await Promise.all(failuresInFlight);
    await subscription.close();
    await connection.quit().catch(() => connection.disconnect());
  };

  const ready = Promise.all([worker.waitUntilReady(), subscription.ready]).then(() => undefined);
  // Callers that never await `ready` must not see an unhandled rejection; the error handlers log it.
  ready.catch(() => {});
  return {
    ready,
    worker,
    close(closeOptions = {}) {
      closing ??= close(closeOptions.force ?? false);
      return closing;
    },
  };
}
