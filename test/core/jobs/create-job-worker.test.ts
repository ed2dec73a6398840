import { describe, expect, it } from '@jest/globals';
import { SwitchyardError } from '../../../core/errors/switchyard-error.js';
import type { FailedJob, JobContext, JobProcessor } from '../../../core/jobs/job-context.js';
import { createJobKeys } from '../../../core/jobs/job-keys.js';
import { signalJobCancel } from '../../../core/jobs/signal-job-cancel.js';
import { eventually } from '../projects/eventually.js';
import {
  createGate,
  makeRequest,
  pullRequestNumberOf,
  revision,
  setUpJobTests,
  sleep,
  whenAborted,
} from './__fixtures__/job-fixtures.js';

const { prisma, redis, harness, rowOf } = setUpJobTests('job-worker-test');

describe('createJobWorker', () => {
  it('runs a job with its context and records queued, running and succeeded', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0 });
    const seen: { context: JobContext; status: string }[] = [];
    await startWorker({
      async processor(context) {
        seen.push({ context, status: (await rowOf(context.jobId)).status });
        return { costUsd: 0.0123, resultUrl: 'https://github.test/acme/api/pull/7#comment-1' };
      },
    });
    const request = makeRequest();
    const { jobId } = await queue.enqueue(request);
    await eventually(async () => expect((await rowOf(jobId)).status).toBe('succeeded'));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.status).toBe('running');
    expect(seen[0]!.context).toMatchObject({ jobId, request, attempt: 1, attemptsMade: 0 });
    expect(seen[0]!.context.signal.aborted).toBe(false);
    const row = await rowOf(jobId);
    expect(row).toMatchObject({ attempts: 1, resultUrl: 'https://github.test/acme/api/pull/7#comment-1' });
    expect(row.costUsd.toString()).toBe('0.0123');
    expect(row.durationMs).not.toBeNull();
    // The row is written just before BullMQ moves the job to completed.
    await eventually(async () => expect(await queue.getState(jobId)).toBe('completed'));
  });

  it('aborts a running job when a newer revision supersedes it, then runs the newer one', async () => {
    const { queue, startWorker } = harness({ debounceMs: 50 });
    const started = createGate<JobContext>();
    const reasons: unknown[] = [];
    const done: string[] = [];
    await startWorker({
      async processor(context) {
        if (context.request.revision === revision('1')) {
          started.open(context);
          reasons.push(await whenAborted(context.signal));
          context.signal.throwIfAborted();
        }
        done.push(context.request.revision);
        return {};
      },
    });
    const older = makeRequest({ revision: revision('1') });
    const first = await queue.enqueue(older);
    await started.opened;
    const second = await queue.enqueue({ ...older, revision: revision('2') });
    expect(second).toMatchObject({ status: 'superseded-older', supersededJobId: first.jobId });
    await eventually(async () => expect((await rowOf(second.jobId)).status).toBe('succeeded'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ code: 'job.superseded' });
    expect(await rowOf(first.jobId)).toMatchObject({ status: 'superseded', attempts: 1 });
    expect(done).toEqual([revision('2')]);
    await eventually(async () => expect(await queue.getState(first.jobId)).toBe('completed'));
  });

  it('skips a job whose cancel mark is set by the time a worker takes it', async () => {
    const { queue, keyPrefix, startWorker } = harness({ debounceMs: 0 });
    const request = makeRequest();
    const { jobId } = await queue.enqueue(request);
    await signalJobCancel({ redis, keys: createJobKeys(keyPrefix), jobId, reason: 'superseded' });
    let runs = 0;
    await startWorker({
      async processor() {
        runs += 1;
        return {};
      },
    });
    await eventually(async () => expect((await rowOf(jobId)).status).toBe('superseded'));
    expect(runs).toBe(0);
    expect(await rowOf(jobId)).toMatchObject({ attempts: 0, startedAt: null });
    // BullMQ stores the return value just after the row is written.
    await eventually(async () =>
      expect((await queue.queue.getJob(jobId))!.returnvalue).toEqual({ status: 'superseded' }),
    );
  });

  it('aborts a running job that is cancelled, and its row says cancelled', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0 });
    const request = makeRequest();
    const { jobId } = await queue.enqueue(request);
    const gate = createGate<JobContext>();
    await startWorker({
      async processor(context) {
        gate.open(context);
        await whenAborted(context.signal);
        context.signal.throwIfAborted();
        return {};
      },
    });
    const context = await gate.opened;
    expect(await queue.cancel(jobId, request.projectId)).toBe(true);
    await eventually(async () => expect((await rowOf(jobId)).status).toBe('cancelled'));
    expect(context.signal.reason).toMatchObject({ code: 'job.cancelled' });
  });

  it('runs commands before automatic jobs', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0 });
    const projectId = makeRequest().projectId;
    const automatic = [1, 2].map((number) =>
      makeRequest({ projectId, target: { kind: 'pull_request', repository: 'acme/api', number } }),
    );
    const command = makeRequest({
      projectId,
      trigger: 'command',
      target: { kind: 'pull_request', repository: 'acme/api', number: 3 },
    });
    for (const request of [...automatic, command]) await queue.enqueue(request);
    const order: number[] = [];
    await startWorker({
      concurrency: 1,
      async processor(context) {
        order.push(pullRequestNumberOf(context.request));
        return {};
      },
    });
    await eventually(() => expect(order).toHaveLength(3));
    expect(order).toEqual([3, 1, 2]);
  });

  it("runs one project's jobs one after the other at a limit of 1, and another project's alongside", async () => {
    const { queue, startWorker } = harness({ debounceMs: 0 });
    const busy = makeRequest().projectId;
    const spans: Record<string, { start: number; end: number }> = {};
    await startWorker({
      concurrency: 4,
      projectConcurrency: 1,
      async processor(context) {
        const start = Date.now();
        await sleep(300);
        spans[
          `${context.request.projectId === busy ? 'busy' : 'other'}-${pullRequestNumberOf(context.request)}`
        ] = {
          start,
          end: Date.now(),
        };
        return {};
      },
    });
    const target = (number: number) => ({ kind: 'pull_request' as const, repository: 'acme/api', number });
    await Promise.all([
      queue.enqueue(makeRequest({ projectId: busy, target: target(1), trigger: 'command' })),
      queue.enqueue(makeRequest({ projectId: busy, target: target(2), trigger: 'command' })),
      queue.enqueue(makeRequest({ target: target(3), trigger: 'command' })),
    ]);
    await eventually(() => expect(Object.keys(spans)).toHaveLength(3), 5000);
    const [first, second] = [spans['busy-1']!, spans['busy-2']!].sort((a, b) => a.start - b.start);
    expect(second!.start).toBeGreaterThanOrEqual(first!.end);
    const other = spans['other-3']!;
    expect(other.start).toBeLessThan(first!.end);
    // Waiting for a slot is not an attempt.
    await eventually(async () => {
      const rows = await prisma.jobRun.findMany({ where: { projectId: busy } });
      expect(rows.map((row) => [row.status, row.attempts])).toEqual([
        ['succeeded', 1],
        ['succeeded', 1],
      ]);
    });
  });

  it('retries a retryable error with exponential backoff, then succeeds', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0, attempts: 3, backoffMs: 150 });
    const starts: { attempt: number; at: number }[] = [];
    const failed: FailedJob[] = [];
    await startWorker({
      onFailed: (job) => {
        failed.push(job);
      },
      async processor(context) {
        starts.push({ attempt: context.attempt, at: Date.now() });
        if (context.attempt < 3) {
          throw new SwitchyardError({ code: 'llm.rate_limited', message: 'Slow down', retryable: true });
        }
        return {};
      },
    });
    const { jobId } = await queue.enqueue(makeRequest());
    await eventually(async () => expect((await rowOf(jobId)).status).toBe('succeeded'), 5000);
    expect(starts.map((start) => start.attempt)).toEqual([1, 2, 3]);
    expect(starts[1]!.at - starts[0]!.at).toBeGreaterThanOrEqual(140);
    expect(starts[2]!.at - starts[1]!.at).toBeGreaterThanOrEqual(290);
    expect(await rowOf(jobId)).toMatchObject({ attempts: 3, errorCode: null });
    expect(failed).toEqual([]);
  });

  it('fails at once on an error that is not retryable and calls onFailed once per run', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0, attempts: 3 });
    let runs = 0;
    const failures: { job: FailedJob; error: Error }[] = [];
    await startWorker({
      onFailed: (job, error) => {
        failures.push({ job, error });
      },
      async processor() {
        runs += 1;
        throw new SwitchyardError({ code: 'budget.exceeded', message: 'The daily budget is spent.' });
      },
    });
    const request = makeRequest();
    const { jobId } = await queue.enqueue(request);
    await eventually(() => expect(failures).toHaveLength(1));
    await sleep(200);
    expect(runs).toBe(1);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.job).toEqual({ jobId, request, attemptsMade: 1 });
    expect(failures[0]!.error).toMatchObject({ code: 'budget.exceeded' });
    expect(await rowOf(jobId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      errorCode: 'budget.exceeded',
      errorMessage: 'The daily budget is spent.',
    });
    expect(await queue.getState(jobId)).toBe('failed');
    expect((await queue.queue.getJob(jobId))!.failedReason).toBe('The daily budget is spent.');

    // A redelivered webhook changes nothing; a person asking again gets a fresh run.
    expect(await queue.enqueue(request)).toEqual({ jobId, status: 'duplicate' });
    expect(await queue.enqueue({ ...request, trigger: 'command' })).toEqual({ jobId, status: 'enqueued' });
    await eventually(() => expect(failures).toHaveLength(2));
    expect(runs).toBe(2);
    expect(await rowOf(jobId)).toMatchObject({ status: 'failed', attempts: 1, trigger: 'command' });
  });

  it('fails for good after the last attempt of a transient error, calling onFailed once', async () => {
    const { queue, startWorker } = harness({ debounceMs: 0, attempts: 2, backoffMs: 20 });
    let runs = 0;
    const failures: FailedJob[] = [];
    const processor: JobProcessor = async () => {
      runs += 1;
      throw new Error('socket hang up');
    };
    await startWorker({ processor, onFailed: (job) => void failures.push(job) });
    const { jobId } = await queue.enqueue(makeRequest());
    await eventually(() => expect(failures).toHaveLength(1));
    expect(runs).toBe(2);
    expect(failures[0]!.attemptsMade).toBe(2);
    expect(await rowOf(jobId)).toMatchObject({
      status: 'failed',
      attempts: 2,
      errorCode: 'job.unexpected_error',
    });
  });
});
