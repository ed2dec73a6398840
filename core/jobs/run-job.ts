import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { PrismaClient } from '../db/create-prisma-client.js';
import type { EventPublisher } from '../events/publish-event.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { buildJobId } from './build-job-id.js';
import type { ProjectSlots } from './create-project-slots.js';
import { readJobCancelReason } from './job-cancel-reason.js';
import type { JobContext, JobOutcome, JobProcessor } from './job-context.js';
import type { JobKeys } from './job-keys.js';
import { type JobAgent, type JobRequest, parseJobRequest } from './job-request.js';
import { mapJobError } from './map-job-error.js';
import { type JobRunTransition, recordJobRun } from './record-job-run.js';
import { readJobCancel } from './signal-job-cancel.js';

/** What runJob needs from the worker that calls it. */
export interface JobRunnerDependencies {
  redis: Redis;
  prisma: PrismaClient;
  keys: JobKeys;
  slots: ProjectSlots;
  /** Where job status changes are published for live updates. */
  events?: EventPublisher;
  processor: JobProcessor;
  logger: Logger;
  /** Jobs running in this worker by id, so a cancellation message can abort them. */
  running: Map<string, AbortController>;
  /** Roughly how long a job over its project's limit waits before it tries again. */
  projectRetryDelayMs: number;
  /** True once the worker was closed without waiting, as if killed: nothing more is recorded or moved. */
  isAbandoned(): boolean;
}

/** One BullMQ job as an agent job. */
export type AgentJob = Job<JobRequest, JobOutcome, JobAgent>;

/**
 * Runs one job: skips it if it was superseded or cancelled, waits for a slot of its project (moving it
 * back to delayed when there is none), records each transition in `job_runs`, calls the processor with an
 * AbortSignal, and maps its failure for BullMQ. Retries and final failures are recorded by the worker's
 * `failed` handler, once BullMQ has decided which one it is.
 */
export async function runJob(
  job: AgentJob,
  token: string,
  dependencies: JobRunnerDependencies,
): Promise<JobOutcome> {
  const { redis, prisma, keys, slots, running } = dependencies;
  const jobId = job.id!;
  const parsed = parseJobRequest(job.data);
  if (!parsed.success) throw new UnrecoverableError(parsed.error.message);
  const request = parsed.value;
  const { projectId } = request;
  const record = (transition: JobRunTransition) =>
    recordJobRun(prisma, { jobId, projectId, ...transition }, dependencies.events);

  const holder = `${jobId}|${token}`;
  if (!(await slots.acquire(projectId, holder))) {
    // Jitter spreads the waiting jobs of a busy project so they do not all ask again at the same instant.
    const delay = Math.round(dependencies.projectRetryDelayMs * (0.5 + Math.random()));
    await job.moveToDelayed(Date.now() + delay, token);
    throw new DelayedError();
  }
  const controller = new AbortController();
  running.set(jobId, controller);
  const logger = dependencies.logger.child({ jobId });
  const renewal = setInterval(() => {
    slots
      .renew(projectId, holder)
      .catch((error) => logger.warn({ err: error }, 'project slot renewal failed'));
  }, slots.leaseMs / 3);
  renewal.unref();
  try {
    // Read after joining `running`: a cancel published before that reached no one, but its mark stays.
    const stopped = await readJobCancel(redis, keys, jobId);
    if (stopped) {
      await record({ status: stopped });
      return { status: stopped };
    }
    await record({ status: 'running', request });
    const context: JobContext = {
      request,
      jobId,
      targetKey: buildJobId(request).targetKey,
      attempt: job.attemptsMade + 1,
      attemptsMade: job.attemptsMade,
      signal: controller.signal,
      logger,
    };
    try {
      const result = await dependencies.processor(context);
      if (!dependencies.isAbandoned()) {
        await record({ status: 'succeeded', costUsd: result.costUsd, resultUrl: result.resultUrl });
      }
      return { status: 'succeeded', result };
    } catch (error) {
      const reason = readJobCancelReason(controller.signal);
      if (reason === 'superseded' || reason === 'cancelled') {
        logger.info({ reason }, 'job stopped');
        await record({ status: reason });
        return { status: reason };
      }
      if (reason === 'shutdown') {
        // Handed back without using an attempt; after a kill the expired lock hands it back instead.
        if (!dependencies.isAbandoned()) {
          await record({ status: 'requeued' });
          await job.moveToDelayed(Date.now(), token);
        }
        throw new DelayedError();
      }
      throw mapJobError(error);
    }
  } finally {
    clearInterval(renewal);
    running.delete(jobId);
    await slots
      .release(projectId, holder)
      .catch((error) => logger.warn({ err: error }, 'project slot release failed'));
  }
}
