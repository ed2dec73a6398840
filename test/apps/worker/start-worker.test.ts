import { afterAll, describe, expect, it } from '@jest/globals';
import { readJobPipelineOptions } from '../../../apps/worker/read-job-pipeline-options.js';
import { startWorker } from '../../../apps/worker/start-worker.js';
import { loadEnvironment } from '../../../core/config/environment.js';
import { SwitchyardError } from '../../../core/errors/switchyard-error.js';
import type { FailedJob } from '../../../core/jobs/job-context.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { makeRequest } from '../../core/jobs/__fixtures__/job-fixtures.js';
import { eventually } from '../../core/projects/eventually.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../support/test-resources.js';

const prisma = createTestPrisma();
const redis = createTestRedis('start-worker-test');
afterAll(async () => {
  await redis.quit();
  await prisma.$disconnect();
});

describe('startWorker', () => {
  it('reads the job settings from the environment, with their defaults', () => {
    expect(readJobPipelineOptions(loadEnvironment({}))).toEqual({
      queue: { keyPrefix: 'sy:', debounceMs: 2000, attempts: 3, backoffMs: 5000 },
      worker: { keyPrefix: 'sy:', concurrency: 4, projectConcurrency: 2, shutdownTimeoutMs: 20_000 },
    });
    const tuned = loadEnvironment({
      REDIS_KEY_PREFIX: 'team-a:',
      JOB_DEBOUNCE_MS: '0',
      JOB_CONCURRENCY: '8',
      JOB_PROJECT_CONCURRENCY: '1',
      JOB_ATTEMPTS: '5',
      JOB_BACKOFF_MS: '250',
      JOB_SHUTDOWN_TIMEOUT_MS: '1000',
    });
    expect(readJobPipelineOptions(tuned)).toEqual({
      queue: { keyPrefix: 'team-a:', debounceMs: 0, attempts: 5, backoffMs: 250 },
      worker: { keyPrefix: 'team-a:', concurrency: 8, projectConcurrency: 1, shutdownTimeoutMs: 1000 },
    });
  });

  it('runs enqueued jobs through the processor, reports failures, and leaves the shared Redis open', async () => {
    const environment = loadEnvironment({
      REDIS_KEY_PREFIX: testKeyPrefix('start-worker'),
      JOB_DEBOUNCE_MS: '0',
      JOB_ATTEMPTS: '1',
    });
    const failures: FailedJob[] = [];
    const running = startWorker({
      environment,
      logger: createLogger({ level: 'silent' }),
      prisma,
      redis,
      async processor(job) {
        if (job.request.agent === 'describe') {
          throw new SwitchyardError({ code: 'github.auth_failed', message: 'The installation was removed.' });
        }
        return { costUsd: 0.5 };
      },
      onFailed: (job) => void failures.push(job),
    });
    await running.worker.ready;
    const review = makeRequest();
    const { jobId } = await running.queue.enqueue(review);
    const described = await running.queue.enqueue({ ...review, agent: 'describe' });
    await eventually(async () => {
      expect((await prisma.jobRun.findUniqueOrThrow({ where: { id: jobId } })).status).toBe('succeeded');
      expect(failures.map((failure) => failure.jobId)).toEqual([described.jobId]);
    });
    await running.close();
    expect(await redis.ping()).toBe('PONG');
  });
});
