import type { Environment } from '../../core/config/environment.js';
import type { JobQueueOptions } from '../../core/jobs/create-job-queue.js';
import type { JobWorkerOptions } from '../../core/jobs/create-job-worker.js';

/** The settings of the job queue and worker that come from the environment (JOB_*, REDIS_KEY_PREFIX). */
export interface JobPipelineOptions {
  queue: Pick<JobQueueOptions, 'keyPrefix' | 'debounceMs' | 'attempts' | 'backoffMs'>;
  worker: Pick<JobWorkerOptions, 'keyPrefix' | 'concurrency' | 'projectConcurrency' | 'shutdownTimeoutMs'>;
}

/** Reads the job pipeline's settings from the validated environment (web and worker roles share them). */
export function readJobPipelineOptions(environment: Environment): JobPipelineOptions {
  const keyPrefix = environment.REDIS_KEY_PREFIX;
  return {
    queue: {
      keyPrefix,
      debounceMs: environment.JOB_DEBOUNCE_MS,
      attempts: environment.JOB_ATTEMPTS,
      backoffMs: environment.JOB_BACKOFF_MS,
    },
    worker: {
      keyPrefix,
      concurrency: environment.JOB_CONCURRENCY,
      projectConcurrency: environment.JOB_PROJECT_CONCURRENCY,
      shutdownTimeoutMs: environment.JOB_SHUTDOWN_TIMEOUT_MS,
    },
  };
}
