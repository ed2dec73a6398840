import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JobWorker } from '../../../core/jobs/create-job-worker.js';
import { createSignedInUser } from '../../support/sign-in-user.js';
import {
  examplePayload,
  type GitHubAppHarness,
  installationId,
  startGitHubAppHarness,
  waitFor,
} from '../github/support/github-app-harness.js';

const reviewMarker = '<!-- switchyard:review -->';
const reviewAnswer = JSON.stringify({ summary: 'Adds a helper.', findings: [] });

describe('re-running a job from the web page, end to end', () => {
  let harness: GitHubAppHarness;
  let worker: JobWorker;

  beforeAll(async () => {
    harness = await startGitHubAppHarness();
    worker = harness.startWorker();
    await worker.ready;
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("runs a member's re-run of a review without the platform permission check or command replies", async () => {
    const repository = harness.github.repository('acme', `rerun-${Date.now()}`, {
      files: { 'README.md': '# service\n' },
    });
    const pull = repository.pullRequest({
      title: 'Add',
      body: 'Adds.',
      files: { 'src/a.ts': 'export {};\n' },
    });
    const payload = examplePayload('pull_request', 'opened');
    payload.installation = { id: installationId };
    payload.repository.id = 990_001;
    payload.repository.full_name = repository.fullName;
    payload.repository.name = repository.name;
    payload.number = pull.number;
    payload.pull_request.number = pull.number;
    payload.pull_request.state = 'open';
    payload.pull_request.draft = false;
    payload.pull_request.head.sha = pull.headSha;
    harness.openai.setDefault({ kind: 'reply', text: reviewAnswer });
    await harness.deliver('pull_request', payload);

    const { prisma } = harness.switchyard.context;
    const first = await waitFor(
      'the automatic review to finish',
      async () =>
        (await prisma.jobRun.findFirst({
          where: { repository: repository.fullName, agent: 'review', status: 'succeeded' },
        })) ?? undefined,
    );
    const callsBefore = harness.openai.calls.length;
    const member = await createSignedInUser(harness.switchyard, first.organizationId, 'member');
    harness.github.calls.length = 0;

    const response = await member.call('POST', `/api/v1/jobs/${encodeURIComponent(first.id)}/rerun`);
    expect(response.statusCode).toBe(202);
    const { jobId } = response.json();
    expect(jobId).not.toBe(first.id);

    const rerun = await waitFor('the re-run to finish', async () => {
      const row = await prisma.jobRun.findUnique({ where: { id: jobId } });
      return row && ['succeeded', 'failed'].includes(row.status) ? row : undefined;
    });
    expect(rerun).toMatchObject({
      status: 'succeeded',
      agent: 'review',
      trigger: 'command',
      requestedBy: `user:${member.userId}`,
      repository: repository.fullName,
      targetNumber: pull.number,
    });
    expect(harness.openai.calls.length).toBeGreaterThan(callsBefore);
    // No permission lookup and no reply or reaction: the API authorized it and there is no comment.
    const routes = harness.github.calls.map((call) => `${call.method} ${call.route}`);
    expect(routes.filter((route) => route.includes('permission'))).toEqual([]);
    expect(routes.filter((route) => route.includes('reactions'))).toEqual([]);
    // The review itself is posted as usual: the sticky summary stays one comment, updated.
    expect(pull.issueComments().filter((comment) => comment.body.includes(reviewMarker))).toHaveLength(1);
  });
});
