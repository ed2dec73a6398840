import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import type { PullRequestJobRequest } from '../../../core/jobs/job-request.js';
import { type JobRunTransition, recordJobRun } from '../../../core/jobs/record-job-run.js';
import { createTestPrisma } from '../../support/test-resources.js';
import { makeRequest } from './__fixtures__/job-fixtures.js';

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

/** A run of a fresh request, with its transitions recorded under its own (or another) project. */
function newRun(overrides: Partial<PullRequestJobRequest> = {}) {
  const request = makeRequest(overrides);
  const { jobId } = buildJobId(request);
  return {
    request,
    jobId,
    record: (transition: JobRunTransition, projectId = request.projectId) =>
      recordJobRun(prisma, { jobId, projectId, ...transition }),
    row: () => prisma.jobRun.findUniqueOrThrow({ where: { id: jobId } }),
  };
}

describe('recordJobRun', () => {
  it('keeps one row per job id through redeliveries, counting each start as an attempt', async () => {
    const run = newRun({ trigger: 'command', requestedBy: 'ada' });
    await run.record({ status: 'queued', request: run.request });
    await run.record({ status: 'running', request: run.request });
    await run.record({ status: 'requeued', error: { code: 'llm.timeout', message: 'slow' } });
    expect(await run.row()).toMatchObject({ status: 'queued', attempts: 1, errorCode: 'llm.timeout' });
    await run.record({ status: 'running', request: run.request });
    expect(await run.record({ status: 'succeeded', costUsd: 0.0123, resultUrl: 'https://x/1' })).toBe(true);
    const rows = await prisma.jobRun.findMany({ where: { projectId: run.request.projectId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: run.jobId,
      status: 'succeeded',
      attempts: 2,
      trigger: 'command',
      requestedBy: 'ada',
      repository: 'acme/api',
      targetNumber: 7,
      targetKind: 'pull_request',
      platform: 'github',
      errorCode: null,
      resultUrl: 'https://x/1',
    });
    expect(rows[0]!.costUsd.toString()).toBe('0.0123');
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(rows[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(rows[0]!.startedAt!.getTime());
  });

  it('never finishes a run twice', async () => {
    const run = newRun();
    await run.record({ status: 'running', request: run.request });
    expect(await run.record({ status: 'failed', error: { code: 'x.y', message: 'no' } })).toBe(true);
    for (const late of [
      { status: 'failed', error: { code: 'x.z', message: 'again' } },
      { status: 'succeeded' },
      { status: 'superseded' },
      { status: 'requeued' },
    ] as const) {
      expect(await run.record(late)).toBe(false);
    }
    expect(await run.row()).toMatchObject({ status: 'failed', errorCode: 'x.y', errorMessage: 'no' });
  });

  it('records a run superseded before it started without a duration', async () => {
    const run = newRun();
    await run.record({ status: 'queued', request: run.request });
    expect(await run.record({ status: 'superseded' })).toBe(true);
    const row = await run.row();
    expect(row).toMatchObject({ status: 'superseded', attempts: 0, startedAt: null, durationMs: null });
    expect(row.finishedAt).not.toBeNull();
  });

  it('resets a failed run when it is enqueued again', async () => {
    const run = newRun();
    await run.record({ status: 'running', request: run.request });
    await run.record({ status: 'failed', error: { code: 'x.y', message: 'no' } });
    await run.record({ status: 'queued', request: { ...run.request, trigger: 'command' } });
    expect(await run.row()).toMatchObject({
      status: 'queued',
      trigger: 'command',
      attempts: 0,
      errorCode: null,
      finishedAt: null,
    });
  });

  it("touches no other project's run", async () => {
    const run = newRun();
    await run.record({ status: 'running', request: run.request });
    const stranger = randomUUID();
    const strangerRequest = { ...run.request, projectId: stranger };
    expect(await run.record({ status: 'cancelled' }, stranger)).toBe(false);
    expect(await run.record({ status: 'queued', request: strangerRequest }, stranger)).toBe(false);
    expect(await run.record({ status: 'running', request: strangerRequest }, stranger)).toBe(false);
    expect(await run.row()).toMatchObject({
      projectId: run.request.projectId,
      status: 'running',
      attempts: 1,
    });
  });
});
