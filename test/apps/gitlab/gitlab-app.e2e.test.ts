import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { JobWorker } from '../../../core/jobs/create-job-worker.js';
import type { IntakeConsumer } from '../../../core/jobs/create-webhook-intake.js';
import type { FakeGitLabMergeRequest, FakeGitLabProject } from '../../fakes/gitlab-server.js';
import { type FakeGitLab, startFakeGitLab } from '../../fakes/gitlab-server.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../fakes/openai-server.js';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';
import { startTestIntake, startTestWorker } from '../../support/start-test-worker.js';
import {
  mergeRequestHookExample,
  mergeRequestNoteExample,
  pushHookExample,
} from './__fixtures__/gitlab-webhook-examples.js';

const secret = `gitlab-secret-${randomUUID()}`;
const noteMarker = '<!-- switchyard:review -->';
const source = ['export function add(a: number, b: number) {', '  return a - b;', '}', ''].join('\n');
const reviewAnswer = JSON.stringify({
  summary: 'Adds add(), which subtracts.',
  findings: [
    {
      path: 'src/add.ts',
      line: 2,
      severity: 'major',
      title: 'add subtracts',
      body: 'Returns `a - b`.',
      suggestion: '  return a + b;',
    },
  ],
});

async function waitFor<Value>(
  what: string,
  read: () => Value | undefined | Promise<Value | undefined>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GitLab merge requests, end to end', () => {
  let gitlab: FakeGitLab;
  let openai: FakeOpenAI;
  let switchyard: ManagementServer;
  let intake: IntakeConsumer;
  let worker: JobWorker;
  let counter = 0;

  beforeAll(async () => {
    gitlab = await startFakeGitLab();
    openai = await startFakeOpenAI();
    switchyard = await startManagementServer({
      GITLAB_URL: gitlab.url,
      GITLAB_TOKEN: gitlab.token,
      GITLAB_WEBHOOK_SECRET: secret,
      OPENAI_API_KEY: 'sk-test-0000',
      OPENAI_BASE_URL: openai.baseUrl,
      ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini',
      JOB_DEBOUNCE_MS: '100',
    });
    intake = startTestIntake(switchyard.context);
    worker = startTestWorker(switchyard.context);
    await worker.ready;
  });
  afterAll(async () => {
    await intake?.close();
    await worker?.close({ force: true });
    await switchyard?.close();
    await gitlab?.close();
    await openai?.close();
  });
  beforeEach(() => openai.reset());

  function seed(): { project: FakeGitLabProject; mergeRequest: FakeGitLabMergeRequest } {
    counter += 1;
    const project = gitlab.project(`acme/service-${counter}-${Date.now()}`);
    const mergeRequest = project.mergeRequest({ title: 'Add add()', files: { 'src/add.ts': source } });
    return { project, mergeRequest };
  }

  function mergeRequestHook(
    seeded: { project: FakeGitLabProject; mergeRequest: FakeGitLabMergeRequest },
    action: string,
    extra: Record<string, unknown> = {},
  ) {
    const payload = mergeRequestHookExample(action, {
      iid: seeded.mergeRequest.iid,
      source_branch: seeded.mergeRequest.sourceBranch,
      target_branch: seeded.mergeRequest.targetBranch,
      state: 'opened',
      draft: false,
      last_commit: { id: seeded.mergeRequest.headSha } as never,
      ...extra,
    });
    Object.assign(payload.project, { id: seeded.project.id, path_with_namespace: seeded.project.path });
    return payload;
  }

  async function deliver(event: string, payload: unknown, options: { token?: string; key?: string } = {}) {
    const response = await switchyard.send(
      'POST',
      '/api/gitlab/webhooks',
      {
        'content-type': 'application/json',
        'x-gitlab-event': event,
        'x-gitlab-token': options.token ?? secret,
        'idempotency-key': options.key ?? randomUUID(),
      },
      JSON.stringify(payload),
    );
    return response;
  }

  /** A note by `author` on the seeded merge request, and the Note Hook GitLab sends for it. */
  function noteHook(
    seeded: { project: FakeGitLabProject; mergeRequest: FakeGitLabMergeRequest },
    body: string,
    author: string,
  ) {
    const command = seeded.mergeRequest.note(body, author);
    const payload = mergeRequestNoteExample(body);
    Object.assign(payload.project, { id: seeded.project.id, path_with_namespace: seeded.project.path });
    Object.assign(payload.object_attributes, { id: command.id, note: body });
    Object.assign(payload.merge_request as object, { iid: seeded.mergeRequest.iid });
    Object.assign(payload.user, { username: author });
    return { command, payload };
  }

  /** A push of `files` (one new commit) to the seeded project's default branch. */
  function pushHook(seeded: { project: FakeGitLabProject }, files: Record<string, string>) {
    const { project } = seeded;
    const sha = project.commit(project.defaultBranch, files, 'Configure Switchyard');
    const payload = pushHookExample();
    Object.assign(payload.project, {
      id: project.id,
      path_with_namespace: project.path,
      default_branch: project.defaultBranch,
    });
    payload.ref = `refs/heads/${project.defaultBranch}`;
    payload.after = sha;
    const [commit] = payload.commits!;
    payload.commits = [
      Object.assign(commit!, { id: sha, added: [], modified: Object.keys(files), removed: [] }),
    ];
    payload.total_commits_count = 1;
    return { sha, payload };
  }

  /** The project's recorded configuration, once the config job of `revision` has finished. */
  async function recordedConfig(project: FakeGitLabProject, revision: string) {
    const { prisma } = switchyard.context;
    await waitFor('the config job', async () => {
      const row = await prisma.jobRun.findFirst({
        where: { repository: project.path, agent: 'config', revision },
      });
      return row?.status === 'succeeded' ? row : undefined;
    });
    return prisma.project.findFirstOrThrow({
      where: { platform: 'gitlab', externalId: String(project.id) },
      select: { commandPrefix: true, configSource: true, configAgents: true },
    });
  }

  const stickyNotes = (mergeRequest: FakeGitLabMergeRequest) =>
    mergeRequest.notes().filter((note) => note.body.includes(noteMarker));

  it('reviews an opened merge request: one sticky note and an inline discussion on the diff', async () => {
    const seeded = seed();
    openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer }]);
    const answer = await deliver('Merge Request Hook', mergeRequestHook(seeded, 'open'));
    expect(answer.statusCode).toBe(202);
    const [note] = await waitFor('the sticky note', () => {
      const notes = stickyNotes(seeded.mergeRequest);
      return notes.length > 0 ? notes : undefined;
    });
    expect(note!.body).toContain('Adds add(), which subtracts.');
    // The sticky note is an individual note; the finding is a diff discussion.
    const discussions = seeded.mergeRequest.discussions().filter((discussion) => !discussion.individualNote);
    expect(discussions).toHaveLength(1);
    expect(JSON.stringify(discussions[0])).toContain('suggestion:-0+0');
  });

  it('does nothing for an update without new commits, or for a redelivery', async () => {
    const seeded = seed();
    openai.setDefault({ kind: 'reply', text: reviewAnswer });
    try {
      const key = randomUUID();
      await deliver('Merge Request Hook', mergeRequestHook(seeded, 'open'), { key });
      await waitFor('the first review', () =>
        stickyNotes(seeded.mergeRequest).length > 0 ? true : undefined,
      );
      const calls = openai.calls.length;
      // A title edit: `update` without `oldrev`.
      const edit = await deliver(
        'Merge Request Hook',
        mergeRequestHook(seeded, 'update', { title: 'Renamed' }),
      );
      expect(edit.statusCode).toBeLessThan(300);
      const again = await deliver('Merge Request Hook', mergeRequestHook(seeded, 'open'), { key });
      expect(again.json()).toMatchObject({ status: 'duplicate' });
      await settle(600);
      expect(openai.calls.length).toBe(calls);
      expect(stickyNotes(seeded.mergeRequest)).toHaveLength(1);
    } finally {
      openai.setDefault({ kind: 'reply' });
    }
  });

  it('refuses a command from a Reporter, without calling a model', async () => {
    const seeded = seed();
    seeded.project.member('reporter', 20);
    const { command, payload } = noteHook(seeded, '/agent review', 'reporter');
    const answer = await deliver('Note Hook', payload);
    expect(answer.statusCode).toBe(202);
    await waitFor('the refusal', () =>
      seeded.mergeRequest.notes().find((note) => note.body.includes('need write access')),
    );
    expect(openai.calls).toHaveLength(0);
    await waitFor(
      'the thumbs down',
      () => seeded.mergeRequest.awards(command.id).some((award) => award.name === 'thumbsdown') || undefined,
    );
  });

  it('refuses a webhook with a wrong token and enqueues nothing', async () => {
    const seeded = seed();
    const answer = await deliver('Merge Request Hook', mergeRequestHook(seeded, 'open'), { token: 'wrong' });
    expect(answer.statusCode).toBe(401);
    await settle(400);
    expect(openai.calls).toHaveLength(0);
    expect(seeded.mergeRequest.notes()).toHaveLength(0);
  });

  it('learns a new command prefix from a push to the default branch and answers @bot review', async () => {
    const seeded = seed();
    const { sha, payload } = pushHook(seeded, { '.switchyard.yml': 'commands:\n  prefix: "@bot"\n' });
    const answer = await deliver('Push Hook', payload);
    expect(answer.statusCode).toBe(202);
    expect(await recordedConfig(seeded.project, sha)).toMatchObject({
      commandPrefix: '@bot',
      configSource: 'file',
    });
    expect(seeded.mergeRequest.notes()).toHaveLength(0);

    seeded.project.member('developer', 30);
    openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer }]);
    const { payload: note } = noteHook(seeded, '@bot review', 'developer');
    expect((await deliver('Note Hook', note)).statusCode).toBe(202);
    await waitFor('the review the @bot command asked for', () =>
      stickyNotes(seeded.mergeRequest).length > 0 ? true : undefined,
    );
  });

  it('records an invalid .switchyard.yml pushed to the default branch as invalid, posting nothing', async () => {
    const seeded = seed();
    const { sha, payload } = pushHook(seeded, { '.switchyard.yml': 'commands:\n  prefix: two words\n' });
    expect((await deliver('Push Hook', payload)).statusCode).toBe(202);
    expect(await recordedConfig(seeded.project, sha)).toMatchObject({
      commandPrefix: null,
      configSource: 'invalid',
    });
    expect(seeded.mergeRequest.notes()).toHaveLength(0);
  });
});
