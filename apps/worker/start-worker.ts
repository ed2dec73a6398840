import type { Environment } from '../../core/config/environment.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { createJobQueue, type JobQueue } from '../../core/jobs/create-job-queue.js';
import { createJobWorker, type JobWorker, type JobWorkerOptions } from '../../core/jobs/create-job-worker.js';
import type { JobProcessor } from '../../core/jobs/job-context.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { Redis } from '../../core/redis/create-redis-client.js';
import { readJobPipelineOptions } from './read-job-pipeline-options.js';

/** The job queue and a worker consuming it, as one process runs them (roles `all` and `worker`). */
export interface RunningWorker {
  queue: JobQueue;
  worker: JobWorker;
  /** Closes the worker (letting in-flight jobs finish within JOB_SHUTDOWN_TIMEOUT_MS), then the queue. */
  close(): Promise<void>;
}

export interface StartWorkerOptions {
  environment: Environment;
  logger: Logger;
  prisma: PrismaClient;
  /** The process's shared Redis client; it stays open after close(). */
  redis: Redis;
  processor: JobProcessor;
  onFailed?: JobWorkerOptions['onFailed'];
}

/** Builds the job queue and starts a worker from the environment (JOB_*, REDIS_KEY_PREFIX). */
export function startWorker(options: StartWorkerOptions): RunningWorker {
  const { environment, logger, prisma, redis } = options;
  const pipeline = readJobPipelineOptions(environment);
  const queue = createJobQueue({ ...pipeline.queue, redis, prisma, logger });
  const worker = createJobWorker({
    ...pipeline.worker,
    redis,
    prisma,
    logger,
    processor: options.processor,
    onFailed: options.onFailed,
  });
  logger.info(
    { concurrency: pipeline.worker.concurrency, projectConcurrency: pipeline.worker.projectConcurrency },
    'job worker started',
  );
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
