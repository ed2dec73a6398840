import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { recordJobRun } from '../../../core/jobs/record-job-run.js';
import { createSignedInUser, type SignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

interface Ids {
  organizationId: string;
  projectId: string;
}

describe('the jobs API', () => {
  let management: ManagementServer;
  let orgA: Ids;
  let orgB: Ids;
  let member: SignedInUser;
  let viewer: SignedInUser;
  let counter = 0;

  /** Records a job run through the queue's own bookkeeping, queued at `queuedAt`. */
  async function recordJob(
    ids: Ids,
    queuedAt: string,
    overrides: Partial<JobRequest> = {},
    finish?: 'succeeded' | 'failed',
  ): Promise<string> {
    counter += 1;
    const request: JobRequest = {
      ...ids,
      platform: 'github',
      target: { kind: 'pull_request', repository: 'acme/api', number: counter },
      agent: 'review',
      revision: `${counter}`.padStart(40, 'a'),
      trigger: 'automatic',
      event: 'opened',
      ...overrides,
    };
    const { jobId } = buildJobId(request);
    const { prisma } = management.context;
    const at = new Date(queuedAt);
    await recordJobRun(prisma, { jobId, projectId: ids.projectId, status: 'queued', request, at });
    if (finish) {
      await recordJobRun(prisma, { jobId, projectId: ids.projectId, status: 'running', request, at });
      await recordJobRun(
        prisma,
        finish === 'succeeded'
          ? {
              jobId,
              projectId: ids.projectId,
              status: 'succeeded',
              costUsd: 0.0125,
              resultUrl: 'https://x/1',
              at: new Date(at.getTime() + 1500),
            }
          : {
              jobId,
              projectId: ids.projectId,
              status: 'failed',
              error: { code: 'llm.auth_failed', message: 'The provider refused the key' },
              at: new Date(at.getTime() + 500),
            },
      );
    }
    return jobId;
  }

  const ids: Record<string, string> = {};
  beforeAll(async () => {
    management = await startManagementServer();
    orgA = await createOrganizationAndProject(management, { project: 'api' });
    orgB = await createOrganizationAndProject(management);
    member = await createSignedInUser(management, orgA.organizationId, 'member');
    viewer = await createSignedInUser(management, orgA.organizationId, 'viewer');
    ids.succeeded = await recordJob(orgA, '2026-11-01T10:00:00.000Z', {}, 'succeeded');
    ids.failed = await recordJob(orgA, '2026-11-01T11:00:00.000Z', {}, 'failed');
    ids.tieOne = await recordJob(orgA, '2026-11-01T12:00:00.000Z');
    ids.tieTwo = await recordJob(orgA, '2026-11-01T12:00:00.000Z');
    ids.newest = await recordJob(orgA, '2026-11-01T13:00:00.000Z', {
      agent: 'ask',
      trigger: 'command',
      event: undefined,
      question: 'why?',
      requestedBy: 'octocat',
    });
    ids.other = await recordJob(orgB, '2026-11-01T14:00:00.000Z');
  });
  afterAll(() => management.close());

  const list = (query = '', caller?: SignedInUser) => {
    const url = `/api/v1/orgs/${orgA.organizationId}/jobs${query}`;
    return caller ? caller.call('GET', url) : management.call('GET', url);
  };

  it("lists the organization's jobs newest first, with project name, cost, duration and error", async () => {
    const response = await list('', viewer);
    expect(response.statusCode).toBe(200);
    const { jobs, nextBefore } = response.json();
    expect(nextBefore).toBeUndefined();
    expect(jobs.map((job: { id: string }) => job.id)).toEqual([
      ids.newest,
      ...[ids.tieOne, ids.tieTwo].sort().reverse(),
      ids.failed,
      ids.succeeded,
    ]);
    expect(jobs.find((job: { id: string }) => job.id === ids.succeeded)).toEqual({
      id: ids.succeeded,
      projectId: orgA.projectId,
      projectName: 'api',
      platform: 'github',
      agent: 'review',
      trigger: 'automatic',
      status: 'succeeded',
      repository: 'acme/api',
      targetNumber: expect.any(Number),
      revision: expect.any(String),
      requestedBy: null,
      attempts: 1,
      costUsd: 0.0125,
      resultUrl: 'https://x/1',
      errorCode: null,
      errorMessage: null,
      queuedAt: '2026-11-01T10:00:00.000Z',
      startedAt: '2026-11-01T10:00:00.000Z',
      finishedAt: '2026-11-01T10:00:01.500Z',
      durationMs: 1500,
    });
    expect(jobs.find((job: { id: string }) => job.id === ids.failed)).toMatchObject({
      status: 'failed',
      errorCode: 'llm.auth_failed',
      errorMessage: 'The provider refused the key',
    });
  });

  it('pages with limit and nextBefore without losing jobs queued in the same millisecond', async () => {
    const seen: string[] = [];
    let query = '?limit=2';
    for (let page = 0; page < 5; page += 1) {
      const response = await list(query);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      seen.push(...body.jobs.map((job: { id: string }) => job.id));
      if (!body.nextBefore) break;
      query = `?limit=2&before=${encodeURIComponent(body.nextBefore)}`;
    }
    expect(seen.sort()).toEqual([ids.newest, ids.tieOne, ids.tieTwo, ids.failed, ids.succeeded].sort());
  });

  it('filters by status and project, and refuses a bad limit', async () => {
    const failed = await list('?status=failed');
    expect(failed.json().jobs.map((job: { id: string }) => job.id)).toEqual([ids.failed]);
    const byProject = await list(`?projectId=${orgB.projectId}`);
    expect(byProject.json().jobs).toEqual([]);
    for (const query of ['?limit=0', '?limit=201', '?status=done', '?before=yesterday']) {
      expect((await list(query)).statusCode).toBe(400);
    }
  });

  it("answers 404 for another organization's jobs", async () => {
    const response = await member.call('GET', `/api/v1/orgs/${orgB.organizationId}/jobs`);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('organization.not_found');
  });

  it('re-runs a review as a new command job from the web, audited with the user', async () => {
    const response = await member.call('POST', `/api/v1/jobs/${ids.failed}/rerun`);
    expect(response.statusCode).toBe(202);
    const { jobId, status } = response.json();
    expect(status).toBe('enqueued');
    expect(jobId).toMatch(/^review-pr\d+-[0-9a-f]{24}-rerun-[0-9a-f]{12}$/);
    const job = await management.context.jobs.queue.getJob(jobId);
    expect(job?.data).toMatchObject({
      projectId: orgA.projectId,
      organizationId: orgA.organizationId,
      platform: 'github',
      target: { kind: 'pull_request', platform: 'github', repository: 'acme/api' },
      agent: 'review',
      trigger: 'command',
      requestedVia: 'web',
      requestedByUser: member.userId,
    });
    expect(job?.data.replyTo).toBeUndefined();
    const row = await management.context.prisma.jobRun.findUniqueOrThrow({ where: { id: jobId } });
    expect(row).toMatchObject({ status: 'queued', trigger: 'command', requestedBy: `user:${member.userId}` });
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'job.rerun', targetId: jobId },
    });
    expect(audit).toMatchObject({
      actor: `user:${member.userId}`,
      organizationId: orgA.organizationId,
      projectId: orgA.projectId,
      targetType: 'job',
    });
    expect(audit.details).toMatchObject({ rerunOf: ids.failed, agent: 'review' });
  });

  it('refuses to re-run an ask job with 409 job.not_rerunnable', async () => {
    const response = await member.call('POST', `/api/v1/jobs/${ids.newest}/rerun`);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('job.not_rerunnable');
    expect(response.json().error.message).toContain('Only review and describe jobs');
  });

  it('refuses a viewer (403) and answers 404 for a job of another organization or none', async () => {
    const refused = await viewer.call('POST', `/api/v1/jobs/${ids.succeeded}/rerun`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('needs the member role');
    const other = await member.call('POST', `/api/v1/jobs/${ids.other}/rerun`);
    const missing = await member.call('POST', '/api/v1/jobs/review-pr1-nothing/rerun');
    for (const response of [other, missing]) {
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('job.not_found');
    }
  });

  it('re-runs a config job as a new read of the repository’s .switchyard.yml, listed without a number', async () => {
    const configJob = await recordJob(
      orgA,
      '2026-11-01T09:00:00.000Z',
      {
        agent: 'config',
        target: { kind: 'repository', platform: 'github', repository: 'acme/api' },
        event: undefined,
      },
      'failed',
    );
    // The agent filter lists config jobs alone, and leaves them out of the reviews.
    const configOnly = (await list('?agent=config')).json().jobs as Array<{ id: string; agent: string }>;
    expect(configOnly.map((job) => job.id)).toContain(configJob);
    expect(configOnly.every((job) => job.agent === 'config')).toBe(true);
    const reviews = (await list('?agent=review')).json().jobs as Array<{ id: string; agent: string }>;
    expect(reviews.length).toBeGreaterThan(0);
    expect(reviews.every((job) => job.agent === 'review')).toBe(true);
    expect((await list('?agent=reviewer')).statusCode).toBe(400);
    const listed = (await list('?status=failed')).json().jobs;
    expect(listed.find((job: { id: string }) => job.id === configJob)).toMatchObject({
      agent: 'config',
      trigger: 'automatic',
      repository: 'acme/api',
      targetNumber: 0,
    });
    const response = await member.call('POST', `/api/v1/jobs/${configJob}/rerun`);
    expect(response.statusCode).toBe(202);
    const { jobId } = response.json();
    expect(jobId).toMatch(/^config-repo-[0-9a-f]{24}-rerun-[0-9a-f]{12}$/);
    const job = await management.context.jobs.queue.getJob(jobId);
    expect(job?.data).toMatchObject({
      agent: 'config',
      target: { kind: 'repository', platform: 'github', repository: 'acme/api' },
      trigger: 'command',
      requestedVia: 'web',
    });
  });
});
