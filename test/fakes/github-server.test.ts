import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { WebhookDefinition } from '@octokit/webhooks-examples';
import { pino } from 'pino';
import { createProbot, Probot, ProbotOctokit } from 'probot';
import { badGatewayPage } from './github-failures.js';
import { type FakeGitHub, startFakeGitHub } from './github-server.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const appId = 4242;
const installationId = 77;
const log = pino({ level: 'silent' });
const webhookExamples: WebhookDefinition[] = createRequire(import.meta.url)('@octokit/webhooks-examples');
const reviewDocumentation = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';

/**
 * Probot's client without its pacing (writes 1 s apart, comments 3 s apart per installation) and retries
 * (5xx after 1, 4 and 9 s), so each test sees the stand-in's first answer at once.
 */
const QuietOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object), enabled: false },
  retry: { enabled: false },
}));

const appSource = 'export function add(a, b) {\n  return a + b;\n}\n';
const changedSource = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub({ appPublicKey: publicKey });
});
afterAll(() => github.close());
beforeEach(() => github.reset());

function installationOctokit(Octokit: typeof ProbotOctokit = QuietOctokit, baseUrl = github.baseUrl) {
  return new Probot({ appId, privateKey, baseUrl, log, Octokit }).auth(installationId);
}

function seedPull() {
  const repository = github.repository('acme', 'widgets', {
    files: { 'README.md': '# widgets\n', 'src/add.ts': appSource },
  });
  const pull = repository.pullRequest({
    title: 'Type add()',
    body: 'Adds types.',
    author: 'alice',
    labels: ['typescript'],
    head: 'typed-add',
    files: { 'src/add.ts': changedSource, 'docs/add.md': 'add(a, b) sums two numbers.\n' },
  });
  return { repository, pull, owner: 'acme', repo: 'widgets', pull_number: pull.number };
}

/** What Octokit's RequestError carries (its class is not a direct dependency, its name is `HttpError`). */
interface RequestError extends Error {
  status: number;
  response?: { data: unknown; headers: Record<string, string | undefined> };
}

async function rejection(promise: Promise<unknown>): Promise<RequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toMatchObject({ name: 'HttpError', status: expect.any(Number) });
  return error as RequestError;
}

describe('the GitHub stand-in', () => {
  it('exchanges a signed app JWT for an installation token that later calls carry', async () => {
    const { owner, repo, pull_number } = seedPull();
    const octokit = await installationOctokit();
    await octokit.rest.pulls.get({ owner, repo, pull_number });

    const [tokenCall, pullCall] = github.calls;
    expect(tokenCall).toMatchObject({
      route: 'POST /app/installations/:installation_id/access_tokens',
      status: 201,
    });
    expect(tokenCall!.headers.authorization).toMatch(/^bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const issued = github.issuedTokens().at(-1);
    expect(issued).toMatchObject({
      installationId,
      jwt: { header: { alg: 'RS256' }, payload: { iss: appId } },
    });
    expect(pullCall).toMatchObject({
      route: 'GET /repos/:owner/:repo/pulls/:number',
      installationId,
      status: 200,
    });
    expect(pullCall!.headers.authorization).toBe(`token ${issued!.token}`);
  });

  it('serves Probot configured with GHE_HOST and GHE_PROTOCOL=http below /api/v3', async () => {
    const { owner, repo, pull_number } = seedPull();
    const probot = createProbot({
      env: { APP_ID: String(appId), PRIVATE_KEY: privateKey, GHE_HOST: github.host, GHE_PROTOCOL: 'http' },
      overrides: { log, Octokit: QuietOctokit },
    });
    const octokit = await probot.auth(installationId);
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number });
    expect(data.url).toBe(`${github.enterpriseBaseUrl}/repos/acme/widgets/pulls/${pull_number}`);
    expect(github.calls.map((call) => call.path.slice(0, 8))).toEqual(['/api/v3/', '/api/v3/']);
  });

  it('refuses a JWT signed with another key, and calls without an issued token, with 401', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    const { owner, repo, pull_number } = seedPull();
    const forged = new Probot({
      appId,
      privateKey: String(other),
      baseUrl: github.baseUrl,
      log,
      Octokit: QuietOctokit,
    });
    const refused = await rejection(
      (await forged.auth(installationId)).rest.pulls.get({ owner, repo, pull_number }),
    );
    expect(refused.status).toBe(401);
    const anonymous = new QuietOctokit({ baseUrl: github.baseUrl, auth: { token: 'ghs_unknown' } });
    expect(
      (await rejection(anonymous.rest.pulls.get({ owner, repo, pull_number }))).response?.data,
    ).toMatchObject({
      message: 'Bad credentials',
      status: '401',
    });
  });

  it('returns a real-shaped pull request and, when asked for the diff format, its unified diff', async () => {
    const { owner, repo, pull_number, pull } = seedPull();
    const octokit = await installationOctokit();
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number });
    expect(data).toMatchObject({
      number: pull_number,
      title: 'Type add()',
      body: 'Adds types.',
      state: 'open',
      draft: false,
      user: { login: 'alice', type: 'User' },
      labels: [{ name: 'typescript' }],
      head: { sha: pull.headSha, ref: 'typed-add', repo: { full_name: 'acme/widgets' } },
      base: { sha: pull.baseSha, ref: 'main' },
      html_url: `https://github.com/acme/widgets/pull/${pull_number}`,
      additions: 2,
      deletions: 1,
      changed_files: 2,
    });

    const diff = await octokit.rest.pulls.get({ owner, repo, pull_number, mediaType: { format: 'diff' } });
    expect(github.calls.at(-1)!.headers.accept).toBe('application/vnd.github.v3.diff');
    const text = diff.data as unknown as string;
    expect(text).toMatch(
      /^diff --git a\/docs\/add.md b\/docs\/add.md\nnew file mode 100644\nindex 0000000\.\.[0-9a-f]{7}\n/,
    );
    expect(text).toContain(
      '--- a/src/add.ts\n+++ b/src/add.ts\n@@ -1,3 +1,3 @@\n-export function add(a, b) {\n+export function add(a: number, b: number): number {\n',
    );
  });

  it('seeds a pull request that matches a pull_request.opened payload from @octokit/webhooks-examples', async () => {
    const definition = webhookExamples.find((candidate) => candidate.name === 'pull_request');
    const payload = (definition as WebhookDefinition<'pull_request'>).examples.find(
      (example) => example.action === 'opened',
    )!;
    const { pull_request: pullRequest, repository: payloadRepository } = payload;
    const owner = payloadRepository.owner.login;
    const repo = payloadRepository.name;
    github
      .repository(owner, repo, { defaultBranch: pullRequest.base.ref, initialSha: pullRequest.base.sha })
      .pullRequest({
        number: payload.number,
        title: pullRequest.title,
        author: pullRequest.user.login,
        head: pullRequest.head.ref,
        headSha: pullRequest.head.sha,
        files: { 'README.md': 'Hello World, typed.\n' },
      });
    const octokit = await installationOctokit();
    const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: payload.number });
    expect([data.head.sha, data.base.sha]).toEqual([pullRequest.head.sha, pullRequest.base.sha]);
    const review = await octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number: payload.number,
      commit_id: pullRequest.head.sha,
      event: 'COMMENT',
      comments: [{ path: 'README.md', line: 1, body: 'Typed indeed.' }],
    });
    expect(review.data.commit_id).toBe(pullRequest.head.sha);
  });

  it('lists pull request files a page at a time with a Link header that octokit.paginate follows', async () => {
    const repository = github.repository('acme', 'many');
    const files = Object.fromEntries(
      Array.from({ length: 5 }, (_, index) => [`file-${index}.txt`, `line ${index}\n`]),
    );
    const { number: pull_number } = repository.pullRequest({ files });
    const octokit = await installationOctokit();

    const first = await octokit.rest.pulls.listFiles({
      owner: 'acme',
      repo: 'many',
      pull_number,
      per_page: 2,
    });
    expect(first.data.map((file) => file.filename)).toEqual(['file-0.txt', 'file-1.txt']);
    expect(first.headers.link).toContain('page=2>; rel="next"');
    expect(first.data[0]).toMatchObject({
      status: 'added',
      additions: 1,
      deletions: 0,
      changes: 1,
      patch: '@@ -0,0 +1 @@\n+line 0',
    });

    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: 'acme',
      repo: 'many',
      pull_number,
      per_page: 2,
    });
    expect(all).toHaveLength(5);
    expect(
      github.calls.filter((call) => call.route === 'GET /repos/:owner/:repo/pulls/:number/files'),
    ).toHaveLength(4);
  });

  it('compares the previous head with a new push, for incremental reviews', async () => {
    const { owner, repo, pull } = seedPull();
    const before = pull.headSha;
    const after = pull.push(
      { 'src/add.ts': changedSource.replace('a + b', 'b + a') },
      { message: 'Swap operands' },
    );
    const octokit = await installationOctokit();
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${before}...${after}`,
    });
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.commits.map((commit) => commit.commit.message)).toEqual(['Swap operands']);
    expect(data.files?.map((file) => [file.filename, file.patch])).toEqual([
      [
        'src/add.ts',
        '@@ -1,3 +1,3 @@\n export function add(a: number, b: number): number {\n-  return a + b;\n+  return b + a;\n }',
      ],
    ]);
  });

  it('reads file contents at a ref as base64 and answers a missing file with GitHub’s 404', async () => {
    const { owner, repo, pull } = seedPull();
    const octokit = await installationOctokit();
    const read = async (ref: string) => {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path: 'src/add.ts', ref });
      return Buffer.from((data as { content: string }).content, 'base64').toString();
    };
    expect(await read(pull.headSha)).toBe(changedSource);
    expect(await read('main')).toBe(appSource);

    const missing = await rejection(
      octokit.rest.repos.getContent({ owner, repo, path: '.github/switchyard.yml' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
      status: '404',
    });
  });

  it('creates a comment as the app’s bot, then edits it in place', async () => {
    const { owner, repo, pull_number, pull } = seedPull();
    const octokit = await installationOctokit();
    const created = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: pull_number,
      body: 'Reviewing…',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      body: 'Reviewing…',
      user: { login: 'switchyard[bot]', type: 'Bot' },
    });
    expect(created.data.html_url).toBe(
      `https://github.com/acme/widgets/pull/${pull_number}#issuecomment-${created.data.id}`,
    );

    const edited = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: created.data.id,
      body: 'Done.',
    });
    expect(edited.data).toMatchObject({ id: created.data.id, body: 'Done.' });
    const listed = await octokit.rest.issues.listComments({ owner, repo, issue_number: pull_number });
    expect(listed.data.map((comment) => comment.body)).toEqual(['Done.']);
    expect(pull.issueComments()).toHaveLength(1);
  });

  it('adds a reaction once, answers the same reaction again with the existing one, and deletes it', async () => {
    const { owner, repo, pull } = seedPull();
    const command = pull.comment('/agent ask why?', 'bob');
    const octokit = await installationOctokit();
    const react = () =>
      octokit.rest.reactions.createForIssueComment({ owner, repo, comment_id: command.id, content: 'eyes' });
    const first = await react();
    const again = await react();
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data).toMatchObject({
      id: first.data.id,
      content: 'eyes',
      user: { login: 'switchyard[bot]' },
    });

    const deleted = await octokit.rest.reactions.deleteForIssueComment({
      owner,
      repo,
      comment_id: command.id,
      reaction_id: first.data.id,
    });
    expect(deleted.status).toBe(204);
    expect(command.reactions).toEqual([]);
  });

  it('posts a review with inline comments on lines of the diff and lists them back', async () => {
    const { owner, repo, pull_number, pull } = seedPull();
    const octokit = await installationOctokit();
    const { data: review } = await octokit.rest.pulls.createReview({
      owner,
      repo,
      pull_number,
      commit_id: pull.headSha,
      event: 'COMMENT',
      body: 'Two notes.',
      comments: [
        { path: 'src/add.ts', line: 1, side: 'RIGHT', body: 'Nice types.' },
        { path: 'src/add.ts', line: 1, side: 'LEFT', body: 'Was untyped.' },
      ],
    });
    expect(review).toMatchObject({ state: 'COMMENTED', body: 'Two notes.', commit_id: pull.headSha });

    const reviews = await octokit.rest.pulls.listReviews({ owner, repo, pull_number });
    expect(reviews.data.map((listed) => listed.id)).toEqual([review.id]);
    const comments = await octokit.rest.pulls.listReviewComments({ owner, repo, pull_number });
    expect(comments.data).toEqual([
      expect.objectContaining({
        pull_request_review_id: review.id,
        path: 'src/add.ts',
        line: 1,
        side: 'RIGHT',
        position: 2,
      }),
      expect.objectContaining({
        line: 1,
        side: 'LEFT',
        position: 1,
        diff_hunk: '@@ -1,3 +1,3 @@\n-export function add(a, b) {',
      }),
    ]);
  });

  it('refuses a whole review with GitHub’s 422 when a comment is on a line outside the diff', async () => {
    const { owner, repo, pull_number, pull } = seedPull();
    const octokit = await installationOctokit();
    const error = await rejection(
      octokit.rest.pulls.createReview({
        owner,
        repo,
        pull_number,
        event: 'COMMENT',
        comments: [
          { path: 'src/add.ts', line: 2, body: 'Fine.' },
          { path: 'src/add.ts', line: 40, body: 'Nowhere.' },
        ],
      }),
    );
    expect(error.status).toBe(422);
    expect(error.response?.data).toEqual({
      message: 'Unprocessable Entity',
      errors: ['Line could not be resolved'],
      documentation_url: reviewDocumentation,
      status: '422',
    });
    expect(pull.reviews()).toEqual([]);
  });

  it('reports collaborator permissions given by setPermission, and read for anyone else', async () => {
    seedPull();
    github.setPermission('maintainer', 'admin');
    github.setPermission('Outsider', 'none');
    const octokit = await installationOctokit();
    const permission = async (username: string) =>
      (await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo: 'widgets', username }))
        .data;
    expect(await permission('maintainer')).toMatchObject({
      permission: 'admin',
      role_name: 'admin',
      user: { login: 'maintainer' },
    });
    expect((await permission('outsider')).permission).toBe('none');
    expect((await permission('passer-by')).permission).toBe('read');
  });

  it('searches users by public email (whole and case-insensitive) or login, in GitHub’s search shape', async () => {
    github.user('ada', { name: 'Ada Lovelace', email: 'Ada@Example.com' });
    github.user('adam', { email: 'adam@example.com' });
    github.user('grace');
    const octokit = await installationOctokit();
    const search = async (q: string) => (await octokit.rest.search.users({ q })).data;

    const byEmail = await octokit.rest.search.users({ q: 'ada@example.com in:email' });
    expect(byEmail.data).toEqual({
      total_count: 1,
      incomplete_results: false,
      items: [
        expect.objectContaining({
          login: 'ada',
          id: expect.any(Number),
          type: 'User',
          html_url: 'https://github.com/ada',
          score: 1,
        }),
      ],
    });
    expect(byEmail.headers['x-ratelimit-resource']).toBe('search');
    // No email fragments, no names unless asked with in:name, and no email when only logins are searched.
    expect((await search('example.com in:email')).total_count).toBe(0);
    expect((await search('Lovelace')).total_count).toBe(0);
    expect((await search('lovelace in:name')).items.map((item) => item.login)).toEqual(['ada']);
    expect((await search('ada@example.com in:login')).total_count).toBe(0);
    expect((await search('ada')).items.map((item) => item.login)).toEqual(['ada', 'adam']);
    expect((await search('ada type:org')).total_count).toBe(0);

    const paged = await octokit.rest.search.users({ q: 'ada', per_page: 1 });
    expect([paged.data.total_count, paged.data.items.length]).toEqual([2, 1]);
    expect(paged.headers.link).toContain('rel="next"');

    const missing = await rejection(octokit.request('GET /search/users'));
    expect([missing.status, missing.response?.data]).toEqual([
      422,
      expect.objectContaining({
        message: 'Validation Failed',
        errors: [{ resource: 'Search', field: 'q', code: 'missing' }],
      }),
    ]);
  });

  it('answers a scripted secondary rate limit with a 403 and retry-after, then answers normally', async () => {
    const { owner, repo, pull_number } = seedPull();
    github.script('POST /repos/:owner/:repo/issues/:number/comments', [
      { kind: 'secondary-rate-limit', retryAfter: 30 },
    ]);
    const octokit = await installationOctokit();
    const comment = () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: pull_number, body: 'hi' });
    const error = await rejection(comment());
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/);
    expect(error.response?.headers['retry-after']).toBe('30');
    expect((await comment()).status).toBe(201);
  });

  it('answers a scripted 502 with GitHub’s HTML page, which Probot’s retry plugin retries', async () => {
    const { owner, repo, pull_number } = seedPull();
    github.script('GET /repos/:owner/:repo/pulls/:number', [
      { kind: 'bad-gateway' },
      { kind: 'bad-gateway' },
    ]);
    const quiet = await installationOctokit();
    const error = await rejection(quiet.rest.pulls.get({ owner, repo, pull_number }));
    expect([error.status, error.response?.data]).toEqual([502, badGatewayPage]);

    const FastRetries = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      throttle: { ...(options.throttle as object), enabled: false },
      retry: { retryAfterBaseValue: 1 },
    }));
    const retrying = await installationOctokit(FastRetries);
    expect((await retrying.rest.pulls.get({ owner, repo, pull_number })).status).toBe(200);
    expect(
      github.calls
        .filter((call) => call.route === 'GET /repos/:owner/:repo/pulls/:number')
        .map((call) => call.status),
    ).toEqual([502, 502, 200]);
  });

  it('answers an unknown route with a 404 and records it as an unexpected call', async () => {
    seedPull();
    const octokit = await installationOctokit();
    const error = await rejection(
      octokit.request('GET /repos/{owner}/{repo}/branches', { owner: 'acme', repo: 'widgets' }),
    );
    expect(error.status).toBe(404);
    expect(github.calls.filter((call) => call.route === undefined).map((call) => call.path)).toEqual([
      '/repos/acme/widgets/branches',
    ]);
  });

  it('ends a hanging call when it closes, so test runs exit', async () => {
    const fake = await startFakeGitHub({ requireAuth: false });
    fake.repository('acme', 'widgets');
    fake.script('GET /repos/:owner/:repo', [{ kind: 'hang' }]);
    const pending = fetch(`${fake.baseUrl}/repos/acme/widgets`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
