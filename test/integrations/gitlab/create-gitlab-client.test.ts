import { describe, expect, it } from '@jest/globals';
import { createGitLabChangeSource } from '../../../integrations/gitlab/create-gitlab-change-source.js';
import { createGitLabClient } from '../../../integrations/gitlab/create-gitlab-client.js';
import { GitLabError } from '../../../integrations/gitlab/gitlab-error.js';
import { createTestClient, seedWidgets, statusesOf, useFakeGitLab } from './gitlab-test-client.js';

const fake = useFakeGitLab();
const showRoute = 'GET /projects/:id/merge_requests/:merge_request_iid';

describe('the GitLab client', () => {
  it('sends the token as PRIVATE-TOKEN and caches its user', async () => {
    const client = createTestClient(fake.gitlab);
    expect(await client.tokenUser()).toEqual({ id: fake.gitlab.tokenUser.id, username: 'switchyard-bot' });
    await client.tokenUser();
    expect(statusesOf(fake.gitlab, 'GET /user')).toEqual([200]);
    expect(fake.gitlab.calls[0]?.headers['private-token']).toBe(fake.gitlab.token);
  });

  it('retries a read answered with a 5xx, then succeeds', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script(showRoute, [{ kind: 'error', status: 500 }, { kind: 'bad-gateway' }]);
    const source = createGitLabChangeSource({ api: fake.client.api, ...scope });
    await expect(source.getPullRequest()).resolves.toMatchObject({ title: 'Type add()' });
    expect(statusesOf(fake.gitlab, showRoute)).toEqual([500, 502, 200]);
  });

  it('fails with a retryable gitlab.unavailable when the 5xx outlasts the retries', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    const client = createTestClient(fake.gitlab, { requestRetries: 1 });
    fake.gitlab.script(showRoute, [
      { kind: 'error', status: 503 },
      { kind: 'error', status: 503 },
    ]);
    const error = await createGitLabChangeSource({ api: client.api, ...scope })
      .getPullRequest()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GitLabError);
    expect(error).toMatchObject({ code: 'gitlab.unavailable', retryable: true, gitlabStatus: 503 });
    expect((error as Error).message).toContain('(HTTP 503): 503 Service Unavailable');
  });

  it('waits as long as a 429 asks, then retries', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script(showRoute, [{ kind: 'rate-limit', retryAfter: 1 }]);
    const started = Date.now();
    await createGitLabChangeSource({ api: fake.client.api, ...scope }).getPullRequest();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(statusesOf(fake.gitlab, showRoute)).toEqual([429, 200]);
  });

  it('leaves a long rate-limit wait to the job queue, with retryAfterMs', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script(showRoute, [{ kind: 'rate-limit', retryAfter: 120 }]);
    await expect(
      createGitLabChangeSource({ api: fake.client.api, ...scope }).getPullRequest(),
    ).rejects.toMatchObject({
      code: 'gitlab.rate_limited',
      retryable: true,
      retryAfterMs: 120_000,
    });
    expect(statusesOf(fake.gitlab, showRoute)).toEqual([429]);
  });

  it('never repeats a write behind the caller after a 5xx', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script('POST /projects/:id/merge_requests/:merge_request_iid/notes', [
      { kind: 'error', status: 500 },
    ]);
    await expect(
      fake.client.api.MergeRequestNotes.create(scope.project, scope.iid, 'Hello'),
    ).rejects.toMatchObject({
      name: 'GitLabRequestError',
      status: 500,
    });
    expect(statusesOf(fake.gitlab, 'POST /projects/:id/merge_requests/:merge_request_iid/notes')).toEqual([
      500,
    ]);
  });

  it('names GITLAB_TOKEN when GitLab refuses the token', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    const client = createTestClient(fake.gitlab, { token: 'glpat-wrong' });
    await expect(
      createGitLabChangeSource({ api: client.api, ...scope }).getPullRequest(),
    ).rejects.toMatchObject({
      code: 'gitlab.auth_failed',
      retryable: false,
      message: expect.stringContaining('GITLAB_TOKEN'),
    });
  });

  it('abandons an attempt that does not answer in time, and retries it', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    const client = createTestClient(fake.gitlab, { requestTimeoutMs: 200, requestRetries: 1 });
    fake.gitlab.script(showRoute, [{ kind: 'hang' }, { kind: 'hang' }]);
    await expect(
      createGitLabChangeSource({ api: client.api, ...scope }).getPullRequest(),
    ).rejects.toMatchObject({
      code: 'gitlab.unavailable',
      retryable: true,
      message: expect.stringContaining('no answer within 200 ms'),
    });
    expect(fake.gitlab.calls.filter((call) => call.route === showRoute)).toHaveLength(2);
  });

  it('refuses options it cannot use, naming each', () => {
    expect(() => createGitLabClient({ host: 'not a url', token: '' })).toThrow(
      expect.objectContaining({
        code: 'gitlab.invalid_options',
        message: expect.stringMatching(/host.*token/s),
      }),
    );
  });
});
