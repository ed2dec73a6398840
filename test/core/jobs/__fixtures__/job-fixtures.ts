import { randomUUID } from 'node:crypto';
import { afterAll, afterEach } from '@jest/globals';
import type { PrismaClient } from '../../../../core/db/create-prisma-client.js';
import {
  createJobQueue,
  type JobQueue,
  type JobQueueOptions,
} from '../../../../core/jobs/create-job-queue.js';
import {
  createJobWorker,
  type JobWorker,
  type JobWorkerOptions,
} from '../../../../core/jobs/create-job-worker.js';
import type { JobRequest, PullRequestJobRequest } from '../../../../core/jobs/job-request.js';
import { createLogger } from '../../../../core/logging/create-logger.js';
import type { Redis } from '../../../../core/redis/create-redis-client.js';
import { createTestPrisma, createTestRedis, testKeyPrefix } from '../../../support/test-resources.js';

export const silentLogger = createLogger({ level: 'silent' });

/** A valid request for a fresh project unless told otherwise. */
export function makeRequest(overrides: Partial<PullRequestJobRequest> = {}): PullRequestJobRequest {
  return {
    projectId: randomUUID(),
    organizationId: randomUUID(),
    platform: 'github',
    target: { kind: 'pull_request', repository: 'acme/api', number: 7 },
    agent: 'review',
    revision: 'a'.repeat(40),
    trigger: 'automatic',
    event: 'synchronize',
    ...overrides,
  };
}

/** A valid `config` request (re-read a repository's `.switchyard.yml`) for a fresh project unless told otherwise. */
export function makeConfigRequest(overrides: Partial<JobRequest> = {}): JobRequest {
  return {
    projectId: randomUUID(),
    organizationId: randomUUID(),
    platform: 'github',
    target: { kind: 'repository', repository: 'acme/api' },
    agent: 'config',
    revision: 'c'.repeat(40),
    trigger: 'automatic',
    ...overrides,
  };
}

/** The pull request number of a request (a test fails loudly on a repository-wide one). */
export function pullRequestNumberOf(request: JobRequest): number {
  if (request.target.kind !== 'pull_request') throw new Error(`${request.agent} job names no pull request`);
  return request.target.number;
}

/** A commit SHA made of one repeated hex digit. */
export function revision(digit: string): string {
  return digit.repeat(40);
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** A promise with its resolve function, for processors that wait for the test. */
export function createGate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Resolves when `signal` aborts, with its reason. */
export function whenAborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
  );
}

/** One queue under a key prefix of its own, and the workers started on it; close() stops them all. */
export interface JobHarness {
  keyPrefix: string;
  queue: JobQueue;
  startWorker(options: Partial<JobWorkerOptions> & Pick<JobWorkerOptions, 'processor'>): Promise<JobWorker>;
  close(): Promise<void>;
}

export function createJobHarness(
  resources: { redis: Redis; prisma: PrismaClient },
  options: Partial<JobQueueOptions> = {},
): JobHarness {
  const keyPrefix = testKeyPrefix('jobs');
  const base = { ...resources, keyPrefix, logger: silentLogger };
  const queue = createJobQueue({ ...base, debounceMs: 100, attempts: 3, backoffMs: 50, ...options });
  const workers: JobWorker[] = [];
  return {
    keyPrefix,
    queue,
    async startWorker(workerOptions) {
      const worker = createJobWorker({
        ...base,
        concurrency: 4,
        projectConcurrency: 2,
        shutdownTimeoutMs: 2000,
        projectRetryDelayMs: 50,
        ...workerOptions,
      });
      workers.push(worker);
      await worker.ready;
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close({ force: true })));
      await queue.close();
    },
  };
}

/**
 * The shared resources of a job test file: one Prisma client and one Redis client for the file, a
 * harness per test (each under its own key prefix) closed after it, and the `job_runs` row of a job.
 */
export function setUpJobTests(name: string) {
  const prisma = createTestPrisma();
  const redis = createTestRedis(name);
  const harnesses: JobHarness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
  });
  afterAll(async () => {
    await redis.quit();
    await prisma.$disconnect();
  });
  return {
    prisma,
    redis,
    harness(options: Partial<JobQueueOptions> = {}): JobHarness {
      const created = createJobHarness({ redis, prisma }, options);
      harnesses.push(created);
      return created;
    },
    rowOf: (jobId: string) => prisma.jobRun.findUniqueOrThrow({ where: { id: jobId } }),
  };
}
