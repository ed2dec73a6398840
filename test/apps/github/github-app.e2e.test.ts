import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { JobWorker } from '../../../core/jobs/create-job-worker.js';
import type { FakePullRequest, FakeRepository } from '../../fakes/github-server.js';
import { defaultBranchPushExample } from './__fixtures__/github-webhook-examples.js';
import {
  examplePayload,
  type GitHubAppHarness,
  installationId,
  settle,
  startGitHubAppHarness,
  waitFor,
} from './support/github-app-harness.js';

const reviewMarker = '<!-- switchyard:review -->';
const appSource = ['export function add(a: number, b: number) {', '  return a - b;', '}', ''].join('\n');

/** A review answer with one finding on a diff line and one outside the diff. */
function reviewAnswer(path: string): string {
  return JSON.stringify({
    summary: 'Adds an add() helper that subtracts.',
    findings: [
      {
        path,
        line: 2,
        severity: 'major',
        title: 'add subtracts',
        body: 'It returns `a - b`.',
        suggestion: '  return a + b;',
      },
      { path, line: 400, severity: 'minor', title: 'Far away', body: 'A line outside the diff.' },
    ],
  });
}

describe('the GitHub App, end to end', () => {
  let harness: GitHubAppHarness;
  let worker: JobWorker;
  let repositoryCounter = 0;

  beforeAll(async () => {
    harness = await startGitHubAppHarness();
    worker = harness.startWorker();
    await worker.ready;
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(() => {
    harness.openai.reset();
  });

  /** A fresh repository (own project) with one pull request adding src/add.ts. */
  function seed(baseFiles: Record<string, string> = {}): {
    repository: FakeRepository;
    pull: FakePullRequest;
    id: number;
  } {
    repositoryCounter += 1;
    const repository = harness.github.repository('acme', `service-${repositoryCounter}-${Date.now()}`, {
      files: { 'README.md': '# service\n', ...baseFiles },
    });
    const pull = repository.pullRequest({
      title: 'Add add()',
      body: 'Adds a helper.',
      files: { 'src/add.ts': appSource },
    });
    return { repository, pull, id: 900_000 + repositoryCounter };
  }

  function pullRequestPayload(
    seeded: { repository: FakeRepository; pull: FakePullRequest; id: number },
    action: string,
    headSha = seeded.pull.headSha,
  ) {
    const payload = examplePayload('pull_request', action === 'synchronize' ? 'synchronize' : 'opened');
    payload.action = action;
    payload.installation = { id: installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
    payload.repository.id = seeded.id;
    payload.repository.full_name = seeded.repository.fullName;
    payload.repository.name = seeded.repository.name;
    payload.number = seeded.pull.number;
    payload.pull_request.number = seeded.pull.number;
    payload.pull_request.state = 'open';
    payload.pull_request.draft = false;
    payload.pull_request.head.sha = headSha;
    return payload;
  }

  function commentPayload(
    seeded: { repository: FakeRepository; pull: FakePullRequest; id: number },
    body: string,
    author: string,
  ) {
    const comment = seeded.pull.comment(body, author);
    const payload = examplePayload('issue_comment', 'created');
    payload.installation = { id: installationId };
    payload.repository.id = seeded.id;
    payload.repository.full_name = seeded.repository.fullName;
    payload.issue.number = seeded.pull.number;
    payload.issue.pull_request = {
      url: `https://api.github.com/repos/${seeded.repository.fullName}/pulls/${seeded.pull.number}`,
    };
    payload.comment.id = comment.id;
    payload.comment.body = body;
    payload.comment.user = { ...payload.comment.user, login: author, type: 'User' };
    payload.sender = { ...payload.sender, login: author, type: 'User' };
    return payload;
  }

  /** A push of `files` (one new commit) to the seeded repository's default branch, and its payload. */
  function pushToDefaultBranch(
    seeded: { repository: FakeRepository; id: number },
    files: Record<string, string>,
  ) {
    const sha = seeded.repository.commit(seeded.repository.defaultBranch, files, 'Configure Switchyard');
    const payload = defaultBranchPushExample();
    payload.installation = { id: installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
    payload.ref = `refs/heads/${seeded.repository.defaultBranch}`;
    payload.after = sha;
    payload.created = false;
    payload.repository = {
      ...payload.repository,
      id: seeded.id,
      name: seeded.repository.name,
      full_name: seeded.repository.fullName,
      default_branch: seeded.repository.defaultBranch,
    };
    payload.commits = [
      { ...payload.commits[0]!, id: sha, added: [], modified: Object.keys(files), removed: [] },
    ];
    return { sha, payload };
  }

  /** The config job of a push, once it has finished. */
  const finishedConfigJob = (repository: FakeRepository, revision: string) =>
    waitFor('the config job', async () => {
      const row = await harness.switchyard.context.prisma.jobRun.findFirst({
        where: { repository: repository.fullName, agent: 'config', revision },
      });
      return row && ['succeeded', 'failed'].includes(row.status) ? row : undefined;
    });

  /** The project's row in GET /orgs/:id/projects, as the settings page's projects table reads it. */
  async function projectStatus(repository: FakeRepository) {
    const project = await harness.switchyard.context.prisma.project.findFirstOrThrow({
      where: { name: repository.fullName },
    });
    const listed = await harness.switchyard.call('GET', `/api/v1/orgs/${project.organizationId}/projects`);
    expect(listed.statusCode).toBe(200);
    return (listed.json().projects as Array<Record<string, unknown>>).find((row) => row.id === project.id)!;
  }

  const stickyComments = (pull: FakePullRequest, marker = reviewMarker) =>
    pull.issueComments().filter((comment) => comment.body.includes(marker));

  it('reviews an opened pull request: one summary comment and one review with an inline finding', async () => {
    const seeded = seed();
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer('src/add.ts') }]);
    const delivery = await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened'));
    expect(delivery).toMatchObject({ status: 202, body: { status: 'accepted' } });

    const [summary] = await waitFor('the review summary comment', () => {
      const comments = stickyComments(seeded.pull);
      return comments.length > 0 ? comments : undefined;
    });
    expect(summary!.body).toContain('Adds an add() helper that subtracts.');
    expect(summary!.body).toContain('Far away');
    expect(summary!.body).toMatch(/gpt-4\.1-mini/);
    expect(summary!.body).toMatch(/\$\d/);
    const reviews = seeded.pull.reviews();
    expect(reviews).toHaveLength(1);
    const inline = seeded.pull.reviewComments();
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatchObject({ path: 'src/add.ts', line: 2, side: 'RIGHT' });
    expect(inline[0]!.body).toContain('```suggestion');
    expect(inline[0]!.body).toMatch(/<!-- switchyard:finding:[0-9a-f]{16} -->/);
    // The prompt carried the diff inside a delimited data section.
    const prompt = JSON.stringify(harness.openai.calls[0]!.body);
    expect(prompt).toContain('untrusted-data');
    // describe's triggers default to [command]: its job ran and posted nothing, calling no model.
    await settle(300);
    expect(harness.openai.calls).toHaveLength(1);
    expect(stickyComments(seeded.pull, '<!-- switchyard:describe -->')).toHaveLength(0);
  });

  it('describes an opened pull request in the same job when .switchyard.yml asks for it', async () => {
    const seeded = seed({ '.switchyard.yml': 'agents:\n  describe:\n    triggers: [opened, command]\n' });
    // Review and describe call the model at the same time; the description falls back to the answer's text.
    harness.openai.setDefault({ kind: 'reply', text: reviewAnswer('src/add.ts') });
    try {
      await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened'));
      await waitFor('the review', () => (stickyComments(seeded.pull).length > 0 ? true : undefined));
      await waitFor('the description', () =>
        seeded.pull.issueComments().find((comment) => comment.body.includes('<!-- switchyard:describe -->')),
      );
      expect(harness.openai.calls).toHaveLength(2);
      const rows = await waitFor('the job to finish', async () => {
        const found = await harness.switchyard.context.prisma.jobRun.findMany({
          where: { repository: seeded.repository.fullName },
        });
        return found.every((row) => row.status === 'succeeded') ? found : undefined;
      });
      expect(rows.map((row) => row.agent)).toEqual(['review']);
      // The projects table shows the event, the job and the agents the default branch's file enables.
      expect(await projectStatus(seeded.repository)).toMatchObject({
        // The harness's GitHub is a GHE_HOST: links point there, not at github.com.
        repositoryUrl: `http://${harness.switchyard.context.environment.GHE_HOST}/${seeded.repository.fullName}`,
        lastEvent: { event: 'pull_request.opened', at: expect.any(String) },
        lastJob: { id: rows[0]!.id, agent: 'review', status: 'succeeded' },
        repositoryConfig: {
          source: 'file',
          commandPrefix: null,
          agents: [
            {
              agent: 'review',
              triggers: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'command'],
            },
            { agent: 'describe', triggers: ['opened', 'command'] },
            { agent: 'ask', triggers: ['command'] },
          ],
        },
      });
    } finally {
      harness.openai.setDefault({ kind: 'reply' });
    }
  });

  it('recognizes a redelivered webhook and enqueues nothing new', async () => {
    const seeded = seed();
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer('src/add.ts') }]);
    const payload = pullRequestPayload(seeded, 'opened');
    const first = await harness.deliver('pull_request', payload);
    expect(first.status).toBe(202);
    await waitFor('the review', () => (stickyComments(seeded.pull).length > 0 ? true : undefined));
    const again = await harness.deliver('pull_request', payload, { deliveryId: first.deliveryId });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    await settle(400);
    expect(harness.openai.calls).toHaveLength(1);
    expect(stickyComments(seeded.pull)).toHaveLength(1);
    expect(seeded.pull.reviews()).toHaveLength(1);
  });

  it('refuses a webhook with a wrong or missing signature and enqueues nothing', async () => {
    const seeded = seed();
    const payload = pullRequestPayload(seeded, 'opened');
    const wrong = await harness.deliver('pull_request', payload, { signature: `sha256=${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('github.signature_invalid');
    const missing = await harness.deliver('pull_request', payload, { signature: null });
    expect(missing.status).toBe(401);
    await settle(400);
    expect(harness.openai.calls).toHaveLength(0);
    expect(seeded.pull.issueComments()).toHaveLength(0);
  });

  it('on new pushes cancels the older job and updates the sticky comment instead of adding one', async () => {
    const seeded = seed();
    harness.openai.setDefault({ kind: 'reply', text: reviewAnswer('src/add.ts') });
    try {
      await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened'));
      await waitFor('the first review', () => (stickyComments(seeded.pull).length > 0 ? true : undefined));
      const firstBody = stickyComments(seeded.pull)[0]!.body;
      const firstHead = seeded.pull.headSha;
      const callsBefore = harness.openai.calls.length;

      const second = seeded.pull.push({ 'src/other.ts': 'export const other = 2;\n' });
      await harness.deliver('pull_request', pullRequestPayload(seeded, 'synchronize', second));
      const third = seeded.pull.push({ 'src/more.ts': 'export const more = 1;\n' });
      await harness.deliver('pull_request', pullRequestPayload(seeded, 'synchronize', third));

      await waitFor('the updated summary', () => {
        const [comment] = stickyComments(seeded.pull);
        return comment && comment.body !== firstBody ? comment : undefined;
      });
      await settle(500);
      expect(stickyComments(seeded.pull)).toHaveLength(1);
      // Only the newest head was reviewed: one more model call, incremental from the first head.
      expect(harness.openai.calls.length - callsBefore).toBe(1);
      expect(stickyComments(seeded.pull)[0]!.body).toContain(`since \`${firstHead.slice(0, 7)}\``);
      const rows = await harness.switchyard.context.prisma.jobRun.findMany({
        where: { repository: seeded.repository.fullName, agent: 'review', revision: { in: [second, third] } },
      });
      expect(rows.map((row) => row.status).sort()).toEqual(['succeeded', 'superseded']);
      // The model repeats its finding on the unchanged line: it is not posted twice.
      expect(seeded.pull.reviewComments()).toHaveLength(1);
    } finally {
      harness.openai.setDefault({ kind: 'reply' });
    }
  });

  it('refuses /agent ask from a reader without write access, without calling a model', async () => {
    const seeded = seed();
    harness.github.setPermission('reader', 'read');
    const delivery = await harness.deliver(
      'issue_comment',
      commentPayload(seeded, '/agent ask why?', 'reader'),
    );
    expect(delivery.status).toBe(202);
    const reply = await waitFor('the refusal', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('need write access')),
    );
    expect(reply.body).toContain('@reader');
    await settle(200);
    expect(harness.openai.calls).toHaveLength(0);
    const command = seeded.pull.issueComments().find((comment) => comment.body === '/agent ask why?')!;
    expect(command.reactions.map((reaction) => reaction.content)).toContain('-1');
  });

  it('answers /agent ask from a writer in the thread, with eyes then +1 on the command', async () => {
    const seeded = seed();
    harness.github.setPermission('writer', 'write');
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: 'Because `add` subtracts.' }]);
    await harness.deliver('issue_comment', commentPayload(seeded, '/agent ask why is this wrong?', 'writer'));
    const reply = await waitFor('the answer', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('Because `add` subtracts.')),
    );
    expect(reply.body).toMatch(/gpt-4\.1-mini/);
    const command = seeded.pull.issueComments().find((comment) => comment.body.startsWith('/agent ask'))!;
    await waitFor('the +1 reaction, with eyes taken back', () => {
      const contents = command.reactions.map((reaction) => reaction.content);
      return (contents.includes('+1') && !contents.includes('eyes')) || undefined;
    });
  });

  it('answers an unknown command with the help text', async () => {
    const seeded = seed();
    await harness.deliver('issue_comment', commentPayload(seeded, '/agent frobnicate', 'someone'));
    const reply = await waitFor('the help', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('does not know the command')),
    );
    expect(reply.body).toContain('/agent review');
    expect(harness.openai.calls).toHaveLength(0);
  });

  it('posts one explanatory comment for an invalid .switchyard.yml and reviews with the defaults', async () => {
    const seeded = seed({ '.switchyard.yml': 'review:\n  profile: loud\n' });
    harness.openai.setDefault({ kind: 'reply', text: reviewAnswer('src/add.ts') });
    try {
      await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened'));
      await waitFor('the review', () => (stickyComments(seeded.pull).length > 0 ? true : undefined));
      const problems = stickyComments(seeded.pull, '<!-- switchyard:config-problems -->');
      expect(problems).toHaveLength(1);
      expect(problems[0]!.body).toContain('review.profile');
      expect(problems[0]!.body).toMatch(/line 2/);
      // A command run reads the file again: still one comment.
      harness.github.setPermission('writer', 'write');
      await harness.deliver('issue_comment', commentPayload(seeded, '/agent review', 'writer'));
      await waitFor('the command review', () => (harness.openai.calls.length >= 2 ? true : undefined));
      await settle(300);
      expect(stickyComments(seeded.pull, '<!-- switchyard:config-problems -->')).toHaveLength(1);
      expect(await projectStatus(seeded.repository)).toMatchObject({
        lastEvent: { event: 'issue_comment.created' },
        repositoryConfig: { source: 'invalid' },
      });
    } finally {
      harness.openai.setDefault({ kind: 'reply' });
    }
  });

  it('posts one clear comment when the budget is exhausted, and calls no provider', async () => {
    const seeded = seed();
    const payload = pullRequestPayload(seeded, 'opened');
    // First contact creates the project; then an admin sets a budget too small for any call.
    const { context } = harness.switchyard;
    const project = await context.projects.resolve({
      platform: 'github',
      organization: { externalId: String(installationId), name: 'acme' },
      project: { externalId: String(seeded.id), name: seeded.repository.fullName },
    });
    const budget = await harness.switchyard.call('PUT', `/api/v1/projects/${project.projectId}/budget`, {
      dailyUsd: 0.0001,
    });
    expect(budget.statusCode).toBe(200);
    await harness.deliver('pull_request', payload);
    const failure = await waitFor('the failure comment', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('<!-- switchyard:failure -->')),
    );
    expect(failure.body).toMatch(/budget/i);
    expect(failure.body).toContain('budget.exceeded');
    await settle(500);
    expect(harness.openai.calls).toHaveLength(0);
    expect(
      seeded.pull.issueComments().filter((comment) => comment.body.includes('switchyard:failure')),
    ).toHaveLength(1);
  });

  it('comments the effective configuration when a pull request edits .switchyard.yml', async () => {
    const seeded = seed();
    const head = seeded.pull.push({
      '.switchyard.yml': 'review:\n  profile: assertive\nlimits:\n  perRunUsd: 0.5\n',
    });
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer('src/add.ts') }]);
    await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened', head));
    const preview = await waitFor('the config preview', () =>
      seeded.pull
        .issueComments()
        .find((comment) => comment.body.includes('<!-- switchyard:config-preview -->')),
    );
    expect(preview.body).toContain('profile: assertive');
    expect(preview.body).toContain('perRunUsd: 0.5');
    // The base branch has no file: this run itself still used the defaults (chill profile).
    await waitFor('the review', () => (stickyComments(seeded.pull).length > 0 ? true : undefined));
    expect(JSON.stringify(harness.openai.calls[0]!.body)).toContain('Profile \\"chill\\"');
  });

  it('pauses automatic reviews with /agent pause and resumes them with /agent resume', async () => {
    const seeded = seed();
    harness.github.setPermission('maintainer', 'maintain');
    await harness.deliver('issue_comment', commentPayload(seeded, '/agent pause', 'maintainer'));
    await waitFor('the pause reply', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('Automatic reviews are paused')),
    );
    const head = seeded.pull.push({ 'src/paused.ts': 'export const paused = true;\n' });
    await harness.deliver('pull_request', pullRequestPayload(seeded, 'synchronize', head));
    await waitFor('the paused job to finish', async () => {
      const row = await harness.switchyard.context.prisma.jobRun.findFirst({
        where: { repository: seeded.repository.fullName, revision: head },
      });
      return row?.status === 'succeeded' || undefined;
    });
    expect(harness.openai.calls).toHaveLength(0);
    expect(stickyComments(seeded.pull)).toHaveLength(0);

    await harness.deliver('issue_comment', commentPayload(seeded, '/agent resume', 'maintainer'));
    await waitFor('the resume reply', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('running again')),
    );
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer('src/add.ts') }]);
    const next = seeded.pull.push({ 'src/resumed.ts': 'export const resumed = true;\n' });
    await harness.deliver('pull_request', pullRequestPayload(seeded, 'synchronize', next));
    await waitFor('the review after resume', () =>
      stickyComments(seeded.pull).length > 0 ? true : undefined,
    );
    const audit = await harness.switchyard.context.prisma.auditEvent.findMany({
      where: { action: { in: ['pull-request.pause', 'pull-request.resume'] }, actor: 'github:maintainer' },
    });
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('shows spend and limits for /agent budget, and a description for /agent describe', async () => {
    const seeded = seed();
    harness.github.setPermission('writer', 'write');
    await harness.deliver('issue_comment', commentPayload(seeded, '/agent budget', 'writer'));
    const budget = await waitFor('the budget reply', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('#### Budget')),
    );
    expect(budget.body).toMatch(/No budget limits|\| project \|/);
    harness.openai.script('gpt-4.1-mini', [
      {
        kind: 'reply',
        text: JSON.stringify({
          summary: 'Adds add().',
          changes: ['New src/add.ts'],
          risks: ['add subtracts'],
          suggestedTitle: 'Add an add() helper',
        }),
      },
    ]);
    await harness.deliver('issue_comment', commentPayload(seeded, '/agent describe', 'writer'));
    const description = await waitFor('the description', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('<!-- switchyard:describe -->')),
    );
    expect(description.body).toContain('Add an add() helper');
    expect(description.body).toContain('add subtracts');
  });

  it('learns a new command prefix from a push to the default branch, before any pull request job', async () => {
    const seeded = seed();
    const { sha, payload } = pushToDefaultBranch(seeded, {
      '.switchyard.yml': 'commands:\n  prefix: "@bot"\nagents:\n  describe:\n    enabled: false\n',
    });
    const delivered = await harness.deliver('push', payload);
    expect(delivered).toMatchObject({ status: 202, body: { status: 'accepted' } });
    const job = await finishedConfigJob(seeded.repository, sha);
    expect(job).toMatchObject({
      status: 'succeeded',
      trigger: 'automatic',
      targetKind: 'repository',
      targetNumber: 0,
      requestedBy: null,
    });
    expect(await projectStatus(seeded.repository)).toMatchObject({
      lastEvent: { event: 'push' },
      lastJob: { id: job.id, agent: 'config', status: 'succeeded' },
      repositoryConfig: {
        source: 'file',
        commandPrefix: '@bot',
        agents: [expect.objectContaining({ agent: 'review' }), expect.objectContaining({ agent: 'ask' })],
      },
    });
    // The job posted nothing and called no model.
    expect(seeded.pull.issueComments()).toHaveLength(0);
    expect(harness.openai.calls).toHaveLength(0);

    harness.github.setPermission('writer', 'write');
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer('src/add.ts') }]);
    const command = await harness.deliver('issue_comment', commentPayload(seeded, '@bot review', 'writer'));
    expect(command.status).toBe(202);
    await waitFor('the review the @bot command asked for', () =>
      stickyComments(seeded.pull).length > 0 ? true : undefined,
    );
    const rows = await harness.switchyard.context.prisma.jobRun.findMany({
      where: { repository: seeded.repository.fullName, agent: 'review' },
    });
    expect(rows).toEqual([expect.objectContaining({ trigger: 'command', requestedBy: 'writer' })]);
  });

  it('records an invalid .switchyard.yml pushed to the default branch as invalid, posting nothing', async () => {
    const seeded = seed({ '.switchyard.yml': 'commands:\n  prefix: "!sy"\n' });
    const { sha, payload } = pushToDefaultBranch(seeded, { '.switchyard.yml': 'review:\n  profile: loud\n' });
    await harness.deliver('push', payload);
    expect(await finishedConfigJob(seeded.repository, sha)).toMatchObject({ status: 'succeeded' });
    expect(await projectStatus(seeded.repository)).toMatchObject({
      repositoryConfig: { source: 'invalid', commandPrefix: null },
    });
    expect(seeded.pull.issueComments()).toHaveLength(0);
  });

  it('answers a push that leaves .switchyard.yml alone as ignored, queueing nothing', async () => {
    const seeded = seed();
    const { payload } = pushToDefaultBranch(seeded, { 'src/other.ts': 'export const other = 1;\n' });
    const delivered = await harness.deliver('push', payload);
    expect(delivered).toMatchObject({ status: 200, body: { status: 'ignored' } });
    await settle(400);
    expect(
      await harness.switchyard.context.prisma.jobRun.count({
        where: { repository: seeded.repository.fullName },
      }),
    ).toBe(0);
  });

  it('reads the configuration of each repository an installation adds, so its prefix works at once', async () => {
    const seeded = seed({ '.switchyard.yml': 'commands:\n  prefix: "!sy"\n' });
    const payload = examplePayload('installation_repositories', 'added');
    payload.installation = { ...payload.installation, id: installationId };
    payload.repositories_added = [
      { id: seeded.id, full_name: seeded.repository.fullName, name: seeded.repository.name, private: false },
    ];
    const delivered = await harness.deliver('installation_repositories', payload);
    expect(delivered).toMatchObject({ status: 200, body: { status: 'accepted' } });
    const job = await finishedConfigJob(seeded.repository, `connect-${delivered.deliveryId}`);
    expect(job).toMatchObject({ status: 'succeeded', agent: 'config' });
    expect(await projectStatus(seeded.repository)).toMatchObject({
      repositoryConfig: { source: 'file', commandPrefix: '!sy' },
    });
    await harness.deliver('issue_comment', commentPayload(seeded, '!sy help', 'someone'));
    await waitFor('the help the !sy command asked for', () =>
      seeded.pull.issueComments().find((comment) => comment.body.includes('!sy review')),
    );
  });

  it('creates the organization and projects of a new installation, and stops on uninstall', async () => {
    const payload = examplePayload('installation', 'created');
    const id = 700_000 + Math.floor(Math.random() * 100_000);
    payload.installation.id = id;
    payload.installation.account = { ...payload.installation.account, login: `org-${id}` };
    payload.repositories = [
      { id: id + 1, full_name: `org-${id}/api`, name: 'api', private: false, node_id: 'x' },
    ];
    const created = await harness.deliver('installation', payload);
    expect(created.status).toBe(200);
    const { prisma } = harness.switchyard.context;
    const organization = await prisma.organization.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'github', externalId: String(id) } },
      include: { projects: true },
    });
    expect(organization.projects.map((project) => project.name)).toEqual([`org-${id}/api`]);
    const deleted = examplePayload('installation', 'deleted');
    deleted.installation.id = id;
    await harness.deliver('installation', deleted);
    const after = await prisma.organization.findUniqueOrThrow({ where: { id: organization.id } });
    expect(after.deactivatedAt).not.toBeNull();
  });

  it('completes a job once when its worker is killed mid-call and another picks it up', async () => {
    const seeded = seed();
    harness.openai.script('gpt-4.1-mini', [
      { kind: 'reply', text: reviewAnswer('src/add.ts'), delayMs: 1_500 },
      { kind: 'reply', text: reviewAnswer('src/add.ts') },
    ]);
    await worker.close({ force: true });
    const doomed = harness.startWorker();
    await doomed.ready;
    await harness.deliver('pull_request', pullRequestPayload(seeded, 'opened'));
    await waitFor('the model call', () => (harness.openai.calls.length > 0 ? true : undefined));
    await doomed.close({ force: true });
    worker = harness.startWorker();
    await worker.ready;
    await waitFor(
      'the review after restart',
      () => (stickyComments(seeded.pull).length > 0 ? true : undefined),
      15_000,
    );
    await settle(1_500);
    expect(stickyComments(seeded.pull)).toHaveLength(1);
    expect(seeded.pull.reviews()).toHaveLength(1);
  });
});
