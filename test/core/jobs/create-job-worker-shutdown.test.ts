import { describe, expect, it } from '@jest/globals';
import type { JobContext } from '../../../core/jobs/job-context.js';
import { eventually } from '../projects/eventually.js';
import { createGate, makeRequest, setUpJobTests, sleep, whenAborted } from './__fixtures__/job-fixtures.js';

const jobs = setUpJobTests('job-worker-shutdown-test');
const { rowOf } = jobs;
const harness = () => jobs.harness({ debounceMs: 0 });

describe('closing a job worker', () => {
  it('waits for an in-flight job to finish', async () => {
    const { queue, startWorker } = harness();
    const started = createGate();
    const worker = await startWorker({
      async processor() {
        started.open();
        await sleep(400);
        return { resultUrl: 'https://github.test/comment/1' };
      },
    });
    const { jobId } = await queue.enqueue(makeRequest());
    await started.opened;
    const closing = Date.now();
    await worker.close();
    expect(Date.now() - closing).toBeGreaterThanOrEqual(300);
    expect(await queue.getState(jobId)).toBe('completed');
    expect(await rowOf(jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('aborts jobs that outlast the shutdown timeout and puts them back in the queue', async () => {
    const { queue, startWorker } = harness();
    const started = createGate<JobContext>();
    const first = await startWorker({
      shutdownTimeoutMs: 200,
      async processor(context) {
        started.open(context);
        await whenAborted(context.signal);
        context.signal.throwIfAborted();
        return {};
      },
    });
    const { jobId } = await queue.enqueue(makeRequest());
    const context = await started.opened;
    await first.close();
    expect(context.signal.reason).toMatchObject({ code: 'job.shutdown' });
    expect(['delayed', 'waiting', 'prioritized']).toContain(await queue.getState(jobId));
    expect(await rowOf(jobId)).toMatchObject({ status: 'queued', attempts: 1 });

    const attempts: number[] = [];
    await startWorker({
      async processor(next) {
        attempts.push(next.attempt);
        return {};
      },
    });
    await eventually(async () => expect((await rowOf(jobId)).status).toBe('succeeded'));
    // Handed back at shutdown is not a failed attempt.
    expect(attempts).toEqual([1]);
    expect(await rowOf(jobId)).toMatchObject({ attempts: 2 });
  });

  it('runs the job of a killed worker again elsewhere once its lock expires, completing it once', async () => {
    const { queue, startWorker } = harness();
    const started = createGate();
    const never = new Promise<never>(() => {});
    // Every worker of a deployment shares these; BullMQ throttles stalled checks by the last checker's interval.
    const killed = await startWorker({
      lockDurationMs: 800,
      stalledIntervalMs: 200,
      async processor() {
        started.open();
        return never;
      },
    });
    const { jobId } = await queue.enqueue(makeRequest());
    await started.opened;
    await killed.close({ force: true });
    expect(await queue.getState(jobId)).toBe('active');

    let completions = 0;
    await startWorker({
      lockDurationMs: 800,
      stalledIntervalMs: 200,
      async processor() {
        completions += 1;
        return { resultUrl: 'https://github.test/comment/2' };
      },
    });
    await eventually(async () => expect(await queue.getState(jobId)).toBe('completed'), 5000);
    await sleep(300);
    expect(completions).toBe(1);
    expect(await rowOf(jobId)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      resultUrl: 'https://github.test/comment/2',
    });
  });

  it('fails a job whose workers died twice instead of leaving it running, and reports the failure once', async () => {
    const { queue, startWorker } = harness();
    const never = new Promise<never>(() => {});
    const stalls = { lockDurationMs: 800, stalledIntervalMs: 200 };
    const { jobId } = await queue.enqueue(makeRequest());
    // Two workers in turn take the job and die with it (maxStalledCount is 1: the second stall is one too many).
    for (let crash = 1; crash <= 2; crash += 1) {
      const started = createGate();
      const worker = await startWorker({
        ...stalls,
        async processor() {
          started.open();
          return never;
        },
      });
      await started.opened;
      await worker.close({ force: true });
      expect(await queue.getState(jobId)).toBe('active');
    }

    const failures: string[] = [];
    let runs = 0;
    await startWorker({
      ...stalls,
      async processor() {
        runs += 1;
        return {};
      },
      async onFailed(failed) {
        failures.push(failed.jobId);
      },
    });
    await eventually(async () => expect(await queue.getState(jobId)).toBe('failed'), 8000);
    await eventually(async () =>
      expect(await rowOf(jobId)).toMatchObject({
        status: 'failed',
        errorCode: 'job.stalled',
        errorMessage: expect.stringContaining('stopped twice before it finished'),
      }),
    );
    // BullMQ fails it as it hands it out: the processor never runs it a third time.
    expect(runs).toBe(0);
    expect(failures).toEqual([jobId]);
  });
});
