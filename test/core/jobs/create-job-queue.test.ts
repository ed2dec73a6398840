import { describe, expect, it } from '@jest/globals';
import { createPrismaClient } from '../../../core/db/create-prisma-client.js';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import {
  automaticPriority,
  backgroundPriority,
  commandPriority,
  createJobQueue,
} from '../../../core/jobs/create-job-queue.js';
import {
  makeConfigRequest,
  makeRequest,
  revision,
  setUpJobTests,
  silentLogger,
} from './__fixtures__/job-fixtures.js';

const { prisma, redis, harness, rowOf } = setUpJobTests('job-queue-test');

describe('createJobQueue', () => {
  it('collapses a redelivered webhook and a double click into one job and one row', async () => {
    const { queue } = harness();
    const request = makeRequest();
    const first = await queue.enqueue(request);
    const redelivered = await queue.enqueue({ ...request, deliveryId: 'again' });
    expect(first).toEqual({ jobId: buildJobId(request).jobId, status: 'enqueued' });
    expect(redelivered).toEqual({ jobId: first.jobId, status: 'duplicate' });

    const command = makeRequest({ trigger: 'command', requestedBy: 'ada' });
    const clicks = await Promise.all([
      queue.enqueue(command),
      queue.enqueue(command),
      queue.enqueue(command),
    ]);
    expect(clicks.map((click) => click.status).sort()).toEqual(['duplicate', 'duplicate', 'enqueued']);

    const counts = await queue.queue.getJobCounts('delayed', 'prioritized', 'waiting');
    expect(counts.delayed + counts.prioritized + counts.waiting).toBe(2);
    expect(await prisma.jobRun.count({ where: { projectId: request.projectId } })).toBe(1);
    expect(await prisma.jobRun.count({ where: { projectId: command.projectId } })).toBe(1);
  });

  it('delays automatic runs by the debounce and gives commands a higher priority and no delay', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const automatic = await queue.enqueue(makeRequest());
    const command = await queue.enqueue(makeRequest({ trigger: 'command' }));
    expect(await queue.getState(automatic.jobId)).toBe('delayed');
    expect(await queue.getState(command.jobId)).toBe('prioritized');
    const [automaticJob, commandJob] = await Promise.all([
      queue.queue.getJob(automatic.jobId),
      queue.queue.getJob(command.jobId),
    ]);
    expect(automaticJob!.opts).toMatchObject({ delay: 60_000, priority: automaticPriority, attempts: 3 });
    expect(commandJob!.opts).toMatchObject({ priority: commandPriority });
    expect(commandPriority).toBeLessThan(automaticPriority);
    expect(await rowOf(automatic.jobId)).toMatchObject({
      status: 'queued',
      attempts: 0,
      trigger: 'automatic',
    });
  });

  it('runs config re-reads after reviews, and lets a newer push replace a waiting one', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const older = makeConfigRequest({ revision: revision('1') });
    const first = await queue.enqueue(older);
    const job = await queue.queue.getJob(first.jobId);
    expect(job!.opts).toMatchObject({ delay: 60_000, priority: backgroundPriority });
    expect(backgroundPriority).toBeGreaterThan(automaticPriority);
    expect(await rowOf(first.jobId)).toMatchObject({
      agent: 'config',
      trigger: 'automatic',
      targetKind: 'repository',
      repository: 'acme/api',
      targetNumber: 0,
    });
    const second = await queue.enqueue({ ...older, revision: revision('2') });
    expect(second).toMatchObject({ status: 'superseded-older', supersededJobId: first.jobId });
    expect(await rowOf(first.jobId)).toMatchObject({ status: 'superseded' });
    // A re-run from the web page is a person asking: at once, ahead of the queue.
    const rerun = await queue.enqueue({
      ...older,
      revision: 'rerun-1',
      trigger: 'command',
      requestedVia: 'web',
    });
    expect((await queue.queue.getJob(rerun.jobId))!.opts).toMatchObject({ priority: commandPriority });
  });

  it('lets a newer revision remove the older waiting job, whose row says superseded', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const older = makeRequest({ revision: revision('1') });
    const newer = { ...older, revision: revision('2') };
    const first = await queue.enqueue(older);
    const second = await queue.enqueue(newer);
    expect(second).toEqual({
      jobId: buildJobId(newer).jobId,
      status: 'superseded-older',
      supersededJobId: first.jobId,
    });
    expect(await queue.getState(first.jobId)).toBe('unknown');
    expect(await queue.getState(second.jobId)).toBe('delayed');
    expect(await rowOf(first.jobId)).toMatchObject({ status: 'superseded' });
    expect(await rowOf(second.jobId)).toMatchObject({ status: 'queued' });

    // A late redelivery of the older push must neither come back nor cancel the newer job.
    expect(await queue.enqueue(older)).toEqual({ jobId: first.jobId, status: 'duplicate' });
    expect(await queue.getState(second.jobId)).toBe('delayed');
  });

  it('lets a push spare the review a person asked for, while a command supersedes a waiting automatic run', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const command = makeRequest({
      trigger: 'command',
      revision: 'comment-7',
      requestedBy: 'ada',
      event: undefined,
    });
    const asked = await queue.enqueue(command);
    const push = await queue.enqueue({
      ...command,
      trigger: 'automatic',
      event: 'synchronize',
      revision: revision('3'),
    });
    expect(push.status).toBe('enqueued');
    expect(await queue.getState(asked.jobId)).not.toBe('unknown');
    const again = await queue.enqueue({ ...command, revision: 'comment-8' });
    expect(again).toMatchObject({ status: 'superseded-older', supersededJobId: push.jobId });
  });

  it('keeps jobs of other agents, targets and questions apart', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const review = makeRequest();
    const results = await Promise.all([
      queue.enqueue(review),
      queue.enqueue({ ...review, agent: 'describe' }),
      queue.enqueue({ ...review, target: { ...review.target, number: 8 } }),
      queue.enqueue({ ...review, agent: 'ask', trigger: 'command', question: 'Why?', requestedBy: 'ada' }),
      queue.enqueue({ ...review, agent: 'ask', trigger: 'command', question: 'How?', requestedBy: 'ada' }),
    ]);
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('enqueued'));
    expect(new Set(results.map((result) => result.jobId)).size).toBe(5);
  });

  it('runs an automatic job now, as the command, when a person asks for the same work', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const automatic = makeRequest();
    const { jobId } = await queue.enqueue(automatic);
    const command = {
      ...automatic,
      trigger: 'command' as const,
      requestedBy: 'ada',
      replyTo: { commentId: 5 },
    };
    expect(await queue.enqueue(command)).toEqual({ jobId, status: 'duplicate' });
    expect(await queue.getState(jobId)).toBe('prioritized');
    const job = await queue.queue.getJob(jobId);
    expect(job!.priority).toBe(commandPriority);
    expect(job!.data).toMatchObject({ trigger: 'command', requestedBy: 'ada', replyTo: { commentId: 5 } });
  });

  it('cancels a waiting job of its own project only', async () => {
    const { queue } = harness({ debounceMs: 60_000 });
    const request = makeRequest();
    const { jobId } = await queue.enqueue(request);
    expect(await queue.cancel(jobId, makeRequest().projectId)).toBe(false);
    expect(await queue.getState(jobId)).toBe('delayed');
    expect(await queue.cancel(jobId, request.projectId)).toBe(true);
    expect(await queue.getState(jobId)).toBe('unknown');
    expect(await rowOf(jobId)).toMatchObject({ status: 'cancelled' });
    expect(await queue.cancel(jobId, request.projectId)).toBe(false);

    // A redelivery does not bring it back; a person asking for it does.
    expect(await queue.enqueue(request)).toEqual({ jobId, status: 'duplicate' });
    expect(await queue.enqueue({ ...request, trigger: 'command' })).toEqual({ jobId, status: 'enqueued' });
    expect(await queue.getState(jobId)).toBe('prioritized');
    expect(await rowOf(jobId)).toMatchObject({ status: 'queued', trigger: 'command' });
  });

  it('enqueues nothing when the row cannot be written, so a redelivery works', async () => {
    const { queue: workingQueue, keyPrefix } = harness();
    const unreachable = createPrismaClient({
      databaseUrl: 'postgresql://postgres@127.0.0.1:1/none',
      poolSize: 1,
    });
    const broken = createJobQueue({
      redis,
      prisma: unreachable,
      keyPrefix,
      logger: silentLogger,
      debounceMs: 100,
      attempts: 1,
      backoffMs: 10,
    });
    const request = makeRequest();
    await expect(broken.enqueue(request)).rejects.toThrow();
    await broken.close();
    await unreachable.$disconnect();
    const { jobId } = buildJobId(request);
    expect(await workingQueue.getState(jobId)).toBe('unknown');
    expect(await workingQueue.enqueue(request)).toEqual({ jobId, status: 'enqueued' });
  });
});
