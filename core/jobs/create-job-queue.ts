import { randomUUID } from 'node:crypto';
import { type Job, type JobState, Queue } from 'bullmq';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { createEventPublisher } from '../events/publish-event.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { buildJobId } from './build-job-id.js';
import { jobBackoffType } from './job-backoff.js';
import type { JobOutcome } from './job-context.js';
import { createJobKeys, jobQueueName } from './job-keys.js';
import type { JobAgent, JobRequest } from './job-request.js';
import { recordJobRun } from './record-job-run.js';
import {
  defaultCancelTtlMs,
  type JobStopReason,
  readJobCancel,
  signalJobCancel,
} from './signal-job-cancel.js';

/** BullMQ priorities: lower runs first, and every job has one (BullMQ runs unprioritised jobs first). */
export const commandPriority = 1;
export const automaticPriority = 10;
/**
 * Re-reading a repository's `.switchyard.yml` (the `config` agent): after reviews, so an installation that
 * adds hundreds of repositories at once never holds up the pull requests waiting for a review.
 */
export const backgroundPriority = 20;

function priorityOf(request: JobRequest): number {
  if (request.trigger === 'command') return commandPriority;
  return request.agent === 'config' ? backgroundPriority : automaticPriority;
}

/** What became of one enqueue. */
export interface EnqueueResult {
  jobId: string;
  /**
   * `enqueued`: a new job. `duplicate`: the same work is already queued, running, recently done, or was
   * superseded (or cancelled, unless a person asks again); nothing new. A command for work that failed for
   * good is enqueued afresh. `superseded-older`: a new job that stopped an older one for the same target.
   */
  status: 'enqueued' | 'duplicate' | 'superseded-older';
  /** The older job this one superseded. */
  supersededJobId?: string;
}

/** The producer side of the job pipeline. */
export interface JobQueue {
  /** Enqueues a parsed request with dedupe, debounce, priority and supersede (see createJobQueue). */
  enqueue(request: JobRequest): Promise<EnqueueResult>;
  /**
   * Stops a job of this project: removed when it waits, aborted through its signal when it runs.
   * Returns false when it had already finished or is unknown.
   */
  cancel(jobId: string, projectId: string, reason?: JobStopReason): Promise<boolean>;
  /** BullMQ's state of a job (`unknown` once removed). */
  getState(jobId: string): Promise<JobState | 'unknown'>;
  /** The BullMQ queue itself, for health checks and metrics. */
  readonly queue: Queue<JobRequest, JobOutcome, JobAgent>;
  /** Closes the queue; the Redis client given in the options stays open. */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  /** The process's shared client; BullMQ's queue uses it too and never closes it. */
  redis: Redis;
  prisma: PrismaClient;
  /** REDIS_KEY_PREFIX: BullMQ keys go under `${keyPrefix}bull`, the pipeline's own under `${keyPrefix}jobs:`. */
  keyPrefix: string;
  logger: Logger;
  /** How long automatic runs wait, so a burst of pushes runs once on the newest head. */
  debounceMs: number;
  /** Runs of a job before it fails for good. */
  attempts: number;
  /** First retry delay; later ones double. */
  backoffMs: number;
  /** How long a finished job stays in Redis and so keeps deduplicating its id (24 h). */
  completedRetentionSeconds?: number;
  /** How long a failed job and its error stay in Redis (7 days). */
  failedRetentionSeconds?: number;
  /** How long a cancel mark lives (24 h). */
  cancelTtlMs?: number;
}

const pendingStates: ReadonlySet<string> = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children']);
const enqueueLockMs = 10_000;
const latestPointerTtlMs = 7 * 24 * 60 * 60_000;
const unlockScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The job queue: one BullMQ queue (`agent-jobs`). A job id built from project, target, agent and revision
 * makes redeliveries and double clicks collapse; automatic runs are delayed by `debounceMs`; commands get a
 * higher priority and no delay, `config` re-reads a lower one; a newer job for the same target key removes the older one if it waits and
 * aborts it if it runs. Each new job gets its `job_runs` row before it reaches the queue.
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const { redis, prisma, logger } = options;
  const keys = createJobKeys(options.keyPrefix);
  // Job status changes go to the web page's live updates.
  const events = createEventPublisher({ redis, keyPrefix: options.keyPrefix, logger });
  const cancelTtlMs = options.cancelTtlMs ?? defaultCancelTtlMs;
  const queue = new Queue<JobRequest, JobOutcome, JobAgent>(jobQueueName, {
    connection: redis,
    prefix: keys.bullPrefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: jobBackoffType, delay: options.backoffMs },
      removeOnComplete: { age: options.completedRetentionSeconds ?? 24 * 60 * 60 },
      removeOnFail: { age: options.failedRetentionSeconds ?? 7 * 24 * 60 * 60 },
    },
  });
  queue.on('error', (error) => logger.warn({ err: error }, 'job queue connection error'));

  /** Stops a job that has not finished; returns false when there was nothing left to stop. */
  const stop = async (
    jobId: string,
    projectId: string,
    reason: JobStopReason,
    spare?: (job: Job<JobRequest, JobOutcome, JobAgent>) => boolean,
  ): Promise<boolean> => {
    const job = await queue.getJob(jobId);
    if (!job || job.data.projectId !== projectId || spare?.(job)) return false;
    const state = await job.getState();
    if (state !== 'active' && !pendingStates.has(state)) return false;
    await signalJobCancel({ redis, keys, jobId, reason, ttlMs: cancelTtlMs });
    // 0 when a worker took it meanwhile: the cancel mark stops it there.
    if (state !== 'active' && (await queue.remove(jobId)) === 1) {
      await recordJobRun(prisma, { jobId, projectId, status: reason }, events);
    }
    return true;
  };

  /** A person asked for work an automatic run already waits to do: run it now, as theirs. */
  const hurry = async (job: Job<JobRequest, JobOutcome, JobAgent>, request: JobRequest) => {
    if (job.data.trigger !== 'automatic') return;
    try {
      await job.updateData({ ...job.data, ...pickCommandFields(request) });
      await job.changePriority({ priority: commandPriority });
      if ((await job.getState()) === 'delayed') await job.promote();
    } catch (error) {
      // A worker took it in between: it runs already, which is what was asked.
      logger.debug({ err: error, jobId: job.id }, 'could not hurry a waiting automatic job');
    }
  };

  const enqueueLocked = async (
    request: JobRequest,
    jobId: string,
    targetKey: string,
  ): Promise<EnqueueResult> => {
    const command = request.trigger === 'command';
    const mark = await readJobCancel(redis, keys, jobId);
    // A superseded id never comes back: a late redelivery of an old push would cancel the newer job.
    // A cancelled one comes back only when a person asks for it.
    if (mark === 'superseded' || (mark === 'cancelled' && !command)) return { jobId, status: 'duplicate' };
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      const ended =
        state === 'failed' || (state === 'completed' && existing.returnvalue?.status === 'cancelled');
      if (!(ended && command)) {
        if (command && pendingStates.has(state)) await hurry(existing, request);
        return { jobId, status: 'duplicate' };
      }
      // A person asks again for work that failed for good or was cancelled: run it afresh.
      await queue.remove(jobId);
    }
    if (mark) await redis.del(keys.cancel(jobId));
    await recordJobRun(prisma, { jobId, projectId: request.projectId, status: 'queued', request }, events);
    await queue.add(request.agent, request, {
      jobId,
      delay: command ? 0 : options.debounceMs,
      priority: priorityOf(request),
    });
    const previous = await redis.set(keys.latest(targetKey), jobId, 'PX', latestPointerTtlMs, 'GET');
    // Nothing cancels what a person asked for (each command reports back where it was typed); a command
    // still supersedes an older automatic run, since it reviews the newest head anyway.
    const spareCommands = (older: Job<JobRequest, JobOutcome, JobAgent>) => older.data.trigger === 'command';
    if (
      previous &&
      previous !== jobId &&
      (await stop(previous, request.projectId, 'superseded', spareCommands))
    ) {
      logger.info({ jobId, supersededJobId: previous }, 'job superseded an older one');
      return { jobId, status: 'superseded-older', supersededJobId: previous };
    }
    return { jobId, status: 'enqueued' };
  };

  return {
    queue,
    async enqueue(request) {
      const { jobId, targetKey } = buildJobId(request);
      const lockKey = keys.enqueueLock(jobId);
      const token = randomUUID();
      // Two deliveries of the same work at the same instant: one decides, the other is the duplicate.
      if ((await redis.set(lockKey, token, 'PX', enqueueLockMs, 'NX')) !== 'OK') {
        return { jobId, status: 'duplicate' };
      }
      try {
        return await enqueueLocked(request, jobId, targetKey);
      } finally {
        await redis.eval(unlockScript, 1, lockKey, token).catch(() => {});
      }
    },
    cancel: (jobId, projectId, reason = 'cancelled') => stop(jobId, projectId, reason),
    getState: (jobId) => queue.getJobState(jobId),
    async close() {
      await queue.close();
    },
  };
}

function pickCommandFields(request: JobRequest): Partial<JobRequest> {
  const { trigger, requestedBy, replyTo, deliveryId } = request;
  return { trigger, requestedBy, replyTo, deliveryId };
}
